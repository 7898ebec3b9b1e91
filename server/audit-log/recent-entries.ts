import 'server-only';
import { COMPLIANCE_READ_EVENTS } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';

export type TLogListing = {
  queueId: bigint;
  seq: bigint | null;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  leafHash: string | null;
};

/**
 * Log entries, newest first, optionally of one consultation: those already in the chain and those
 * still queued for integration (seq null). The queue is read first, so an entry integrated in
 * between is found in the log and listed once. Compliance's own reads are left out in the query,
 * before the limit, unless the reader is compliance (`complianceReads`): they neither show nor push
 * other entries out of the listing.
 */
export async function listLogEntries(
  prisma: TDb,
  filter: { consultationId?: string; complianceReads?: boolean } = {},
  take = 50,
): Promise<TLogListing[]> {
  const where = {
    ...(filter.consultationId ? { consultationId: filter.consultationId } : {}),
    ...(filter.complianceReads ? {} : { eventType: { notIn: [...COMPLIANCE_READ_EVENTS] } }),
  };
  const queued = await prisma.logQueueEntry.findMany({
    where,
    orderBy: { id: 'desc' },
    take,
    select: { id: true, recordedAt: true, eventType: true, consultationId: true },
  });
  const integrated = await prisma.logEntry.findMany({
    where,
    orderBy: { seq: 'desc' },
    take,
    select: { queueId: true, seq: true, recordedAt: true, eventType: true, consultationId: true, leafHash: true },
  });
  const byQueueId = new Map<bigint, TLogListing>();
  for (const q of queued)
    byQueueId.set(q.id, {
      queueId: q.id,
      seq: null,
      leafHash: null,
      recordedAt: q.recordedAt,
      eventType: q.eventType,
      consultationId: q.consultationId,
    });
  for (const e of integrated) byQueueId.set(e.queueId, e);
  return [...byQueueId.values()].sort((a, b) => (a.queueId < b.queueId ? 1 : -1)).slice(0, take);
}

/** For compliance officers only; the listing carries no personal fields. */
export async function listRecentLogEntries(prisma: TDb, actor: { kind: AccountKind }, filter: { consultationId?: string } = {}, take = 50) {
  if (actor.kind !== 'COMPLIANCE') return [];
  return listLogEntries(prisma, { ...filter, complianceReads: true }, take);
}
