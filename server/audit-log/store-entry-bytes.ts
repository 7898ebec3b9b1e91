import 'server-only';
import { entryCanonicalText, leafHashOfText, personalCommitmentOfBytes } from '@/server/audit-log/entry-hashing';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import type { TDirectSql } from '@/server/db/direct-sql';

const BATCH = 2_000;

/** What storing the bytes did: rows filled, and rows whose columns no longer hash to what the log committed to. */
export type TStoredBytesReport = {
  entries: number;
  personalRows: number;
  /** Entries whose fields do not give their leaf hash: left without bytes, and reported by every verification. */
  mismatchedEntries: bigint[];
  /** Personal rows (by queue id) whose data does not give the commitment: left without bytes. */
  mismatchedPersonal: bigint[];
};

type TEntryRow = {
  seq: string;
  recorded_at: Date;
  event_type: string;
  consultation_id: string | null;
  payload: TCanonicalValue;
  personal_commitment: string | null;
  leaf_hash: string;
};

type TPersonalRow = { queue_id: string; salt: string; data: TCanonicalValue; commitment: string | null };

// Keyset pages over the primary keys, each its own statement: the app keeps running meanwhile.
const ENTRIES_WITHOUT_BYTES = `
  SELECT seq::text AS seq, recorded_at, event_type, consultation_id::text AS consultation_id, payload, personal_commitment, leaf_hash
    FROM consent_log WHERE seq > $1 AND canonical IS NULL ORDER BY seq LIMIT ${BATCH}`;
const PERSONAL_WITHOUT_BYTES = `
  SELECT p.queue_id::text AS queue_id, p.salt, p.data, COALESCE(e.personal_commitment, q.personal_commitment) AS commitment
    FROM consent_log_personal p
    LEFT JOIN consent_log e ON e.queue_id = p.queue_id
    LEFT JOIN consent_log_queue q ON q.id = p.queue_id
   WHERE p.queue_id > $1 AND p.canonical IS NULL ORDER BY p.queue_id LIMIT ${BATCH}`;
// The database checks each filled row again (docs/decisions/0075): bytes that do not hash to the entry's
// leaf, or to its commitment, are refused, and nothing else about the row may change.
const FILL_ENTRIES = `
  UPDATE consent_log e SET canonical = convert_to(v.canonical, 'UTF8')
    FROM unnest($1::bigint[], $2::text[]) AS v(seq, canonical) WHERE e.seq = v.seq`;
const FILL_PERSONAL = `
  UPDATE consent_log_personal p SET canonical = convert_to(v.canonical, 'UTF8')
    FROM unnest($1::bigint[], $2::text[]) AS v(queue_id, canonical) WHERE p.queue_id = v.queue_id`;

async function fillEntries(direct: TDirectSql, report: TStoredBytesReport): Promise<void> {
  let after = '0';
  for (;;) {
    const rows = await direct<TEntryRow>({ text: ENTRIES_WITHOUT_BYTES, values: [after] });
    if (rows.length === 0) return;
    const seqs: string[] = [];
    const texts: string[] = [];
    for (const row of rows) {
      const text = entryCanonicalText({
        seq: BigInt(row.seq),
        recordedAt: new Date(row.recorded_at),
        eventType: row.event_type,
        consultationId: row.consultation_id,
        payload: row.payload,
        personalCommitment: row.personal_commitment,
      });
      if (leafHashOfText(text) !== row.leaf_hash) report.mismatchedEntries.push(BigInt(row.seq));
      else {
        seqs.push(row.seq);
        texts.push(text);
      }
    }
    if (seqs.length) await direct({ text: FILL_ENTRIES, values: [seqs, texts] });
    report.entries += seqs.length;
    after = rows.at(-1)!.seq;
  }
}

async function fillPersonal(direct: TDirectSql, report: TStoredBytesReport): Promise<void> {
  let after = '0';
  for (;;) {
    const rows = await direct<TPersonalRow>({ text: PERSONAL_WITHOUT_BYTES, values: [after] });
    if (rows.length === 0) return;
    const ids: string[] = [];
    const texts: string[] = [];
    for (const row of rows) {
      const text = canonicalJson(row.data);
      if (personalCommitmentOfBytes(row.salt, text) !== row.commitment) report.mismatchedPersonal.push(BigInt(row.queue_id));
      else {
        ids.push(row.queue_id);
        texts.push(text);
      }
    }
    if (ids.length) await direct({ text: FILL_PERSONAL, values: [ids, texts] });
    report.personalRows += ids.length;
    after = rows.at(-1)!.queue_id;
  }
}

/**
 * Stores the hashed bytes of log entries and personal rows written before the bytes were kept: each
 * rebuilt from its columns and stored only if it gives the hash the log committed to, so a row whose
 * columns were changed keeps no bytes and every verification goes on naming it. Safe to repeat.
 */
export async function storeEntryBytes(direct: TDirectSql): Promise<TStoredBytesReport> {
  const report: TStoredBytesReport = { entries: 0, personalRows: 0, mismatchedEntries: [], mismatchedPersonal: [] };
  await fillEntries(direct, report);
  await fillPersonal(direct, report);
  return report;
}
