import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';

/**
 * The newest log entries, optionally of one consultation, without their personal fields:
 * compliance officers only.
 */
export async function listRecentLogEntries(prisma: TDb, actor: TActor, filter: { consultationId?: string } = {}, take = 50) {
  if (actor.kind !== 'COMPLIANCE') return [];
  return prisma.logEntry.findMany({
    where: filter.consultationId ? { consultationId: filter.consultationId } : {},
    orderBy: { seq: 'desc' },
    take,
    select: { seq: true, recordedAt: true, eventType: true, consultationId: true, leafHash: true },
  });
}
