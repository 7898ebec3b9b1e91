import type { TDb } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';

/** Every log entry, queued or already in the chain, under its queue id: one statement, so one snapshot. */
export const QUEUED_AND_CHAINED = Prisma.sql`(
  SELECT id AS queue_id, event_type, consultation_id, payload FROM consent_log_queue
  UNION ALL SELECT queue_id, event_type, consultation_id, payload FROM consent_log
)`;

export type TLoggedFilter = {
  eventTypes?: readonly string[];
  consultationId?: string;
  /** A top-level payload field and the text it holds. */
  payload?: { key: string; equals: string };
  queueIds?: readonly bigint[];
};

/**
 * Log entries, queued or already in the chain, in queue order. One statement reads both tables, so it
 * sees one snapshot: the integrator moving an entry from the queue into the chain meanwhile (it does that
 * in one transaction) cannot make the entry count twice, or not at all, as two reads one after the other can.
 */
export async function loggedEntries(prisma: TDb, filter: TLoggedFilter = {}) {
  const conditions = [
    filter.eventTypes && Prisma.sql`event_type IN (${Prisma.join(filter.eventTypes)})`,
    filter.consultationId && Prisma.sql`consultation_id = ${filter.consultationId}::uuid`,
    filter.payload && Prisma.sql`payload->>${filter.payload.key} = ${filter.payload.equals}`,
    filter.queueIds && (filter.queueIds.length ? Prisma.sql`queue_id IN (${Prisma.join(filter.queueIds)})` : Prisma.sql`false`),
  ].filter((c): c is Prisma.Sql => !!c);
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
  return prisma.$queryRaw<{ queue_id: bigint; event_type: string; payload: unknown }[]>`
    SELECT queue_id, event_type, payload FROM ${QUEUED_AND_CHAINED} entries ${where} ORDER BY queue_id`;
}
