import 'server-only';
import type { TDb } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';

type TRow = {
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  ownActor: boolean;
  networkPseudonym: string | null;
  servedTokenDigest: string | null;
};

/** The personal part's fields, only where the member is the one who acted (alias p). */
function ownFields(memberId: string): Prisma.Sql {
  return Prisma.sql`COALESCE(p.data->>'actorId' = ${memberId}, false) AS "ownActor",
    CASE WHEN p.data->>'actorId' = ${memberId} THEN p.data->>'ipPseudonym' END AS "networkPseudonym",
    CASE WHEN p.data->>'actorId' = ${memberId} THEN p.data->>'servedTokenDigest' END AS "servedTokenDigest"`;
}

/** What the entry's erasable personal part holds about the member's own action (never another person's). */
export type TOwnPersonal = { networkPseudonym: string | null; servedTokenDigest: string | null };

export type TMemberLogEntry = {
  queueId: bigint;
  seq: bigint | null;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  own: TOwnPersonal | null;
};

/**
 * The log entries about one member, oldest first: those the database attributed to the member when
 * integrating them (consent_log_facet: the consultation's member, else the entry's subject, else the
 * acting member), and queued ones by the same rule: event, time and consultation, and where the member
 * acted themselves, their own network pseudonym and served-token digest from the personal part (GDPR
 * Art. 15 covers pseudonymised data). Another person's personal fields never leave this query. Entries
 * whose personal data the retention purge erased are no longer attributed to anyone, and so not listed.
 */
export async function listMemberLogEntries(prisma: TDb, memberId: string): Promise<TMemberLogEntry[]> {
  // The queue first: an entry integrated in between is then found in the log, and listed once.
  const queued = await prisma.$queryRaw<(TRow & { queueId: bigint })[]>`
    SELECT q.id AS "queueId", q.recorded_at AS "recordedAt", q.event_type AS "eventType", q.consultation_id::text AS "consultationId", ${ownFields(memberId)}
    FROM consent_log_queue q
    LEFT JOIN consultation c ON c.id = q.consultation_id
    LEFT JOIN consent_log_personal p ON p.queue_id = q.id
    WHERE COALESCE(c.member_id::text, p.data->>'subjectId', p.data->>'actorId') = ${memberId}`;
  const integrated = await prisma.$queryRaw<(TRow & { queueId: bigint; seq: bigint })[]>`
    SELECT e.queue_id AS "queueId", e.seq, e.recorded_at AS "recordedAt", e.event_type AS "eventType", e.consultation_id::text AS "consultationId", ${ownFields(memberId)}
    FROM consent_log_facet f JOIN consent_log e ON e.seq = f.seq
    LEFT JOIN consent_log_personal p ON p.queue_id = e.queue_id
    WHERE f.member_id = ${memberId}::uuid`;
  const byQueueId = new Map<bigint, TMemberLogEntry>();
  const entry = (r: TRow, queueId: bigint, seq: bigint | null): TMemberLogEntry => ({
    queueId,
    seq,
    recordedAt: r.recordedAt,
    eventType: r.eventType,
    consultationId: r.consultationId,
    own: r.ownActor ? { networkPseudonym: r.networkPseudonym, servedTokenDigest: r.servedTokenDigest } : null,
  });
  for (const q of queued) byQueueId.set(q.queueId, entry(q, q.queueId, null));
  for (const e of integrated) byQueueId.set(e.queueId, entry(e, e.queueId, e.seq));
  return [...byQueueId.values()].sort((a, b) => (a.queueId < b.queueId ? -1 : 1));
}
