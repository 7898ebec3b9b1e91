// Moves records back in time as a superuser would, for retention tests: the database stamps times
// itself (clock_timestamp()), and a log entry's time is in its hashes. So the log's entries are moved
// back together with their leaf and chain hashes, recomputed exactly as integration computes them, as if
// they had been written then. An entry's fields are generated from its stored bytes (docs/decisions/0075): whoever
// rewrites entries rewrites the bytes.
import { GENESIS_CHAIN_HASH, type THashedFields, chainHash, entryCanonicalBytes, leafHash } from '@/server/audit-log/entry-hashing';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';

/**
 * Moves every entry logged so far (integrating queued ones first) back by `ms`, re-hashing the chain
 * and its head. Checkpoints, kept entry bundles and Merkle nodes made over the old entries are dropped: they
 * are derived, and would have been made over the moved entries (sign again afterwards).
 */
export async function backdateWholeLog(prisma: TDb, ms: number): Promise<void> {
  await integrateQueuedEntries(prisma);
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      await tx.$executeRawUnsafe('DELETE FROM log_cosignature');
      await tx.$executeRawUnsafe('DELETE FROM log_checkpoint');
      await tx.$executeRawUnsafe('DELETE FROM log_entry_bundle');
      await tx.$executeRawUnsafe('DELETE FROM merkle_node');
      await tx.$executeRawUnsafe('UPDATE merkle_tree SET size = 0');
      let previous = GENESIS_CHAIN_HASH;
      for (const e of await tx.logEntry.findMany({ orderBy: { seq: 'asc' } })) {
        const recordedAt = new Date(e.recordedAt.getTime() - ms);
        const moved = { ...e, recordedAt, payload: e.payload as TCanonicalValue };
        const leaf = leafHash(moved);
        previous = chainHash(previous, leaf);
        // The time is generated from the bytes.
        const canonical = new Uint8Array(entryCanonicalBytes(moved));
        await tx.logEntry.update({ where: { seq: e.seq }, data: { leafHash: leaf, chainHash: previous, canonical } });
      }
      await tx.logHead.update({ where: { id: 1 }, data: { chainHash: previous } });
    },
    { timeout: 60_000 },
  );
}

/** SQL for an entry's stored bytes as a forger writes them: the canonical bytes of the (changed) fields. */
export function entryBytesSql(fields: THashedFields): string {
  return `decode('${entryCanonicalBytes(fields).toString('hex')}', 'hex')`;
}

/**
 * The SET clause that changes an entry's payload as a superuser can: in its bytes, from which the column is
 * generated. `payloadSql` may use the current `payload`. The entry's hashes are left as they were.
 */
export function setPayloadSql(payloadSql: string): string {
  return `canonical = convert_to(log_canonical_json(jsonb_set(log_entry_json(canonical), '{payload}', ${payloadSql})), 'UTF8')`;
}

/** The SET clause that changes a personal row's data (in its bytes) to `dataSql`. */
export function setPersonalDataSql(dataSql: string): string {
  return `canonical = convert_to(log_canonical_json(${dataSql}), 'UTF8')`;
}

/** The check constraint that ties an entry's sequence number to its bytes (a superuser can drop it). */
export const SEQ_IN_BYTES = 'consent_log_seq_in_bytes';

/**
 * Statements that put the log back from copies of its stored columns in `logCopy` and `personalCopy` (the rest is
 * generated from the bytes), with the sequence constraint as the migration made it, whether or not it was dropped.
 */
export function restoreLogSql(logCopy: string, personalCopy: string): string[] {
  return [
    `ALTER TABLE consent_log DROP CONSTRAINT IF EXISTS ${SEQ_IN_BYTES}`,
    'DELETE FROM consent_log',
    `INSERT INTO consent_log (seq, queue_id, leaf_hash, chain_hash, canonical) SELECT seq, queue_id, leaf_hash, chain_hash, canonical FROM ${logCopy}`,
    'DELETE FROM consent_log_personal',
    `INSERT INTO consent_log_personal (queue_id, salt, canonical) SELECT queue_id, salt, canonical FROM ${personalCopy}`,
    `ALTER TABLE consent_log ADD CONSTRAINT ${SEQ_IN_BYTES} CHECK (seq::text = log_entry_json(canonical) ->> 'seq')`,
  ];
}

/** The fields of a made-up entry right after the head, for tests of what the database refuses. */
export function forgedEntryAfter(head: { seq: bigint }): THashedFields {
  return { seq: head.seq + 1n, recordedAt: new Date(), eventType: 'forged', consultationId: null, payload: {}, personalCommitment: null };
}

/** Runs statements with the guards (triggers) off, as a superuser can. */
export async function asSuperuser(prisma: TDb, ...statements: string[]): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    for (const sql of statements) await tx.$executeRawUnsafe(sql);
  });
}

/**
 * Recomputes every entry's leaf and chain hash and the head from the stored entries, writing only what
 * changed, with the guards off: what a careful forger does after changing an entry, so the chain links up.
 */
export async function rehashChainAsSuperuser(prisma: TDb): Promise<void> {
  const entries = await prisma.logEntry.findMany({ orderBy: { seq: 'asc' } });
  let previous = GENESIS_CHAIN_HASH;
  const statements: string[] = [];
  for (const e of entries) {
    const leaf = leafHash({ ...e, payload: e.payload as TCanonicalValue });
    previous = chainHash(previous, leaf);
    if (leaf !== e.leafHash || previous !== e.chainHash)
      statements.push(`UPDATE consent_log SET leaf_hash = '${leaf}', chain_hash = '${previous}' WHERE seq = ${e.seq}`);
  }
  statements.push(`UPDATE consent_log_head SET chain_hash = '${previous}' WHERE id = 1`);
  await asSuperuser(prisma, ...statements);
}
