import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';

/** Advisors and video services to choose from in the explorer's filter (staff names are not hidden from compliance). */
export async function explorerFilterOptions(prisma: TDb, actor: TActor) {
  if (actor.kind !== 'COMPLIANCE') return null;
  const [advisors, services] = await Promise.all([
    prisma.account.findMany({ where: { kind: 'ADVISOR' }, orderBy: { displayName: 'asc' }, select: { id: true, displayName: true } }),
    prisma.videoService.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return { advisors, services };
}
