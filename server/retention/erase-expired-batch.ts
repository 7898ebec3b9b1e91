import 'server-only';
import type { TDb, TTx } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import {
  SIMPLE_ROWS,
  type TSimpleRowType,
  callbackPhoneExpired,
  consultationExpired,
  facetExpired,
  logEntryExpired,
  logExportExpired,
} from '@/server/retention/expiry-predicates';

// One batch each, in a transaction of its own: a purge of millions never holds one long transaction
// or its locks, and an interrupted purge keeps what it has done (the next run takes up the rest).

/**
 * Tells the database's guards (migration 20261126130000_retention_purge) that this transaction is the
 * retention purge and to which cut-off: they let a row go only if it is older. Transaction-local.
 */
async function declarePurge(tx: TTx, setting: 'erase_log_personal_before' | 'delete_consultations_before', cutoff: Date): Promise<void> {
  await tx.$queryRaw`SELECT set_config(${`consent_gateway.${setting}`}, ${cutoff.toISOString()}, true)`;
}

/**
 * Erases the personal rows of up to `limit` expired log entries after sequence number `afterSeq`, in
 * sequence order. The entries and their commitments stay: the chain still verifies. Returns how many
 * rows went and the last sequence number looked at (null when none is left).
 */
export async function eraseLogPersonalBatch(
  prisma: TDb,
  cutoff: Date,
  afterSeq: bigint,
  limit: number,
): Promise<{ erased: number; lastSeq: bigint | null }> {
  return prisma.$transaction(async (tx) => {
    await declarePurge(tx, 'erase_log_personal_before', cutoff);
    const [row] = await tx.$queryRaw<{ erased: number; last_seq: string | null }[]>`
      WITH doomed AS (
        SELECT e.seq, e.queue_id FROM consent_log e JOIN consent_log_personal p ON p.queue_id = e.queue_id
         WHERE e.seq > ${afterSeq.toString()}::bigint AND ${logEntryExpired(cutoff)}
         ORDER BY e.seq LIMIT ${limit}),
      gone AS (DELETE FROM consent_log_personal WHERE queue_id IN (SELECT queue_id FROM doomed) RETURNING 1)
      SELECT (SELECT count(*)::int FROM gone) AS erased, (SELECT max(seq)::text FROM doomed) AS last_seq`;
    return { erased: row!.erased, lastSeq: row!.last_seq === null ? null : BigInt(row!.last_seq) };
  });
}

/**
 * Clears the member and advisor of up to `limit` expired entries' explorer facets after sequence
 * number `afterSeq` (the facets are derived data, not part of any hash; no guard holds them).
 */
export async function eraseLogFacetsBatch(
  prisma: TDb,
  cutoff: Date,
  afterSeq: bigint,
  limit: number,
): Promise<{ erased: number; lastSeq: bigint | null }> {
  const [row] = await prisma.$queryRaw<{ erased: number; last_seq: string | null }[]>`
    WITH doomed AS (
      SELECT f.seq FROM consent_log_facet f, consent_log e
       WHERE f.seq > ${afterSeq.toString()}::bigint AND ${facetExpired(cutoff)}
       ORDER BY f.seq LIMIT ${limit}),
    cleared AS (UPDATE consent_log_facet SET member_id = NULL, advisor_id = NULL WHERE seq IN (SELECT seq FROM doomed) RETURNING 1)
    SELECT (SELECT count(*)::int FROM cleared) AS erased, (SELECT max(seq)::text FROM doomed) AS last_seq`;
  return { erased: row!.erased, lastSeq: row!.last_seq === null ? null : BigInt(row!.last_seq) };
}

/** Deletes up to `limit` expired log exports (run before the facets are erased: it finds person-filtered ones by them). */
export async function deleteLogExportsBatch(prisma: TDb, cutoff: Date, facetCutoff: Date, limit: number): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM log_export WHERE id IN (SELECT x.id FROM log_export x WHERE ${logExportExpired(cutoff, facetCutoff)} LIMIT ${limit})`;
}

/** Deletes up to `limit` expired consultations with their consent decisions and violations. */
export async function deleteConsultationsBatch(prisma: TDb, cutoff: Date, limit: number) {
  return prisma.$transaction(async (tx) => {
    await declarePurge(tx, 'delete_consultations_before', cutoff);
    // Locked, so that nothing can happen to them (a late withdrawal, a webhook) while they go.
    const doomed = await tx.$queryRaw<{ id: string }[]>`
      SELECT c.id::text AS id FROM consultation c WHERE ${consultationExpired(cutoff)}
       ORDER BY c.starts_at LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
    const ids = Prisma.sql`${doomed.map((c) => c.id)}::uuid[]`;
    const violations = await tx.$executeRaw`DELETE FROM violation WHERE consultation_id = ANY(${ids})`;
    const consentDecisions = await tx.$executeRaw`DELETE FROM consent_decision WHERE consultation_id = ANY(${ids})`;
    const consultations = await tx.$executeRaw`DELETE FROM consultation WHERE id = ANY(${ids})`;
    return { consultations, consentDecisions, violations };
  });
}

/** Clears up to `limit` callback numbers whose phone call is long past; the consultation stays. */
export async function eraseCallbackPhonesBatch(prisma: TDb, cutoff: Date, limit: number): Promise<number> {
  return prisma.$executeRaw`
    UPDATE consultation SET callback_phone = NULL
     WHERE id IN (SELECT c.id FROM consultation c WHERE ${callbackPhoneExpired(cutoff)} LIMIT ${limit})`;
}

/** Deletes up to `limit` expired rows of a simple type (sessions, failed sign-ins, webhook deliveries). */
export async function deleteRowsBatch(prisma: TDb, type: TSimpleRowType, cutoff: Date, limit: number): Promise<number> {
  const { table, expired } = SIMPLE_ROWS[type];
  return prisma.$executeRaw`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${expired(cutoff)} LIMIT ${limit})`;
}
