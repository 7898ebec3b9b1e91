import 'server-only';
import type { TDb } from '@/server/db/client';

export type TMemberLogEntry = { queueId: bigint; seq: bigint | null; recordedAt: Date; eventType: string; consultationId: string | null };

/**
 * The log entries about one member, oldest first: those the database attributed to the member when
 * integrating them (consent_log_facet: the consultation's member, else the entry's subject, else the
 * acting member), and queued ones by the same rule. Only event, time and consultation are read; the
 * personal part (who acted, from which network) never leaves this query. Entries whose personal data
 * the retention purge erased are no longer attributed to anyone, and so not listed.
 */
export async function listMemberLogEntries(prisma: TDb, memberId: string): Promise<TMemberLogEntry[]> {
  // The queue first: an entry integrated in between is then found in the log, and listed once.
  const queued = await prisma.$queryRaw<{ queueId: bigint; recordedAt: Date; eventType: string; consultationId: string | null }[]>`
    SELECT q.id AS "queueId", q.recorded_at AS "recordedAt", q.event_type AS "eventType", q.consultation_id::text AS "consultationId"
    FROM consent_log_queue q
    LEFT JOIN consultation c ON c.id = q.consultation_id
    LEFT JOIN consent_log_personal p ON p.queue_id = q.id
    WHERE COALESCE(c.member_id::text, p.data->>'subjectId', p.data->>'actorId') = ${memberId}`;
  const integrated = await prisma.$queryRaw<{ queueId: bigint; seq: bigint; recordedAt: Date; eventType: string; consultationId: string | null }[]>`
    SELECT e.queue_id AS "queueId", e.seq, e.recorded_at AS "recordedAt", e.event_type AS "eventType", e.consultation_id::text AS "consultationId"
    FROM consent_log_facet f JOIN consent_log e ON e.seq = f.seq
    WHERE f.member_id = ${memberId}::uuid`;
  const byQueueId = new Map<bigint, TMemberLogEntry>();
  for (const q of queued) byQueueId.set(BigInt(q.queueId), { ...q, queueId: BigInt(q.queueId), seq: null });
  for (const e of integrated) byQueueId.set(BigInt(e.queueId), { ...e, queueId: BigInt(e.queueId), seq: BigInt(e.seq) });
  return [...byQueueId.values()].sort((a, b) => (a.queueId < b.queueId ? -1 : 1));
}
