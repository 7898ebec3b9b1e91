import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';

/** The newest log entries, without their personal fields: compliance officers only. */
export async function listRecentLogEntries(prisma: TDb, actor: TActor, take = 20) {
  if (actor.kind !== 'COMPLIANCE') return [];
  return prisma.logEntry.findMany({
    orderBy: { seq: 'desc' },
    take,
    select: { seq: true, recordedAt: true, eventType: true, consultationId: true, leafHash: true },
  });
}
