import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import {
  type TChainStart,
  type TErasure,
  type TStoredEntry,
  type TVerifyResult,
  createChainVerifier,
} from '@/server/transparency/chain-verifier';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TOpenDatabase } from '@/server/db/client';
import { type TCheckpointToCheck, type TTreeFrontier, createCheckpointVerifier } from '@/shared/transparency/checkpoint-verifier';
import { publishedVerifierKeys } from '@/server/transparency/checkpoints';

export type { TChainProblem, TVerifyResult } from '@/server/transparency/chain-verifier';

const BATCH = 2_000;

// Reads the head first and then only entries up to it, in one snapshot: entries appended while the
// check runs are neither checked nor mistaken for a gap.
const HEAD_SQL = 'SELECT seq, chain_hash FROM consent_log_head WHERE id = 1';
// Read before the head: every checkpoint read then covers at most the head read after it, so one
// larger than the log means entries it covered are gone.
const CHECKPOINTS_SQL = 'SELECT tree_size::text AS tree_size, note FROM log_checkpoint WHERE tree_size > $1 ORDER BY tree_size';

export type TVerifyOptions = {
  /**
   * Checkpoints kept outside the database (e.g. saved from /api/log/checkpoints before a backup) to
   * check instead of the stored ones: a restored database's own checkpoint table proves nothing about
   * what was signed before the dump, since it was restored from the same dump.
   */
  checkpoints?: TCheckpointToCheck[];
  /** The log's verifier keys, when the checkpoints were signed with keys other than this process's (a benchmark's app). */
  verifierKeys?: string[];
  /** Verify only the entries after a point a full verification recomputed: its last entry's chain hash and the tree there. */
  from?: TVerifyFrom;
  /** Entry counts at which to keep the chain hash and the tree's frontier, for later runs to start from (a few). */
  keepAt?: ReadonlySet<bigint>;
  /** Told after each batch: the last entry checked and the head being verified up to. */
  onProgress?: (checkedSeq: bigint, headSeq: bigint) => Promise<void> | void;
};

export type TVerifyFrom = { chain: TChainStart; tree: TTreeFrontier };

/** A verification's result, with the head it went up to and the starting points it kept (`keepAt`), where reached. */
export type TVerifyRun = TVerifyResult & { headSeq: bigint; kept: TVerifyFrom[] };

function startVerifiers(rows: { tree_size: string; note: string }[], erasures: TErasure[], options: TVerifyOptions) {
  const checkpoints = createCheckpointVerifier(
    options.checkpoints ?? rows.map((r) => ({ treeSize: BigInt(r.tree_size), note: r.note })),
    options.verifierKeys ?? publishedVerifierKeys(),
    { start: options.from?.tree, keepFrontierAt: options.keepAt },
  );
  const chain = createChainVerifier(checkpoints, erasures, { start: options.from?.chain, keepChainHashAt: options.keepAt });
  const finish = (head: { seq: string; chain_hash: string } | undefined): TVerifyRun => {
    const result = chain.finish(head ? { seq: BigInt(head.seq), chainHash: head.chain_hash } : null);
    const kept = [...(options.keepAt ?? [])].flatMap((seq) => {
      const chainHash = chain.chainHashAt(seq);
      const tree = checkpoints.frontierAt(seq);
      return chainHash && tree ? [{ chain: { seq, chainHash }, tree }] : [];
    });
    return { ...result, headSeq: BigInt(head?.seq ?? '0'), kept };
  };
  return { chain, finish };
}

const startSeq = (options: TVerifyOptions) => String(options.from?.chain.seq ?? 0n);

/**
 * Where the page of entries after `after` ends: pages are ranges of sequence numbers, not "the next N rows",
 * so each reads only its own rows (a LIMIT over the rest of the log sorted all of it on every page) and a
 * missing entry is simply absent from its page.
 */
const pageEnd = (after: bigint, headSeq: bigint) => (after + BigInt(BATCH) < headSeq ? after + BigInt(BATCH) : headSeq);

// The retention purges the log records, each with the cut-off before which it erased log entries'
// personal rows (docs/decisions/0029). One a day at most: read before the entries, by a scan small
// next to the full read of the entries that follows (a partial index the schema does not declare would
// be dropped by the next generated migration). The event type is our constant, not input. Only purges
// after the first entry checked can cover an entry checked (a purge erases what came before it): a check of
// the newest entries reads the newest part of the log, not all of it.
const ERASURES_SQL = `
  SELECT seq::text AS seq, recorded_at, payload->'cutoffs'->>'consentLog' AS before
    FROM consent_log WHERE seq > $1 AND event_type = '${LOG_EVENT.retentionPurged}' ORDER BY seq`;

type TErasureRow = { seq: string; recorded_at: Date; before: string | null };

function toErasures(rows: TErasureRow[]): TErasure[] {
  return rows.flatMap((r) => (r.before ? [{ seq: BigInt(r.seq), recordedAt: new Date(r.recorded_at), before: new Date(r.before) }] : []));
}

// Each entry is read as its stored bytes (the columns are generated from them, docs/decisions/0075) and its
// hashes, the personal row as its salt and stored bytes; bytes as text, which both drivers hand over faster
// than bytea. Each personal row is looked up by key (OFFSET 0 keeps the planner from hashing the whole
// personal table for a page).
const ENTRIES_SQL = `
  SELECT e.seq, (extract(epoch FROM e.recorded_at) * 1000)::float8 AS recorded_ms, e.personal_commitment, e.leaf_hash, e.chain_hash,
         convert_from(e.canonical, 'UTF8') AS canonical, p.salt, p.personal_canonical
    FROM consent_log e
    LEFT JOIN LATERAL (SELECT p.salt, convert_from(p.canonical, 'UTF8') AS personal_canonical
                         FROM consent_log_personal p WHERE p.queue_id = e.queue_id OFFSET 0) p ON true
   WHERE e.seq > $1 AND e.seq <= $2
   ORDER BY e.seq`;

type TRow = {
  seq: string;
  recorded_ms: number;
  personal_commitment: string | null;
  leaf_hash: string;
  chain_hash: string;
  canonical: string;
  salt: string | null;
  personal_canonical: string | null;
};

function toEntry(row: TRow): TStoredEntry {
  return {
    seq: BigInt(row.seq),
    recordedAt: new Date(row.recorded_ms),
    personalCommitment: row.personal_commitment,
    leafHash: row.leaf_hash,
    chainHash: row.chain_hash,
    canonical: row.canonical,
    personal: row.salt !== null && row.personal_canonical !== null ? { salt: row.salt, canonical: row.personal_canonical } : null,
  };
}

/**
 * On a PostgreSQL server: one REPEATABLE READ snapshot, read in pages (a cursor over the whole range had the
 * planner sort the join on disk); the next page is asked for before this one is hashed, so the database reads
 * while the verifier hashes.
 */
async function verifyOnPostgres(url: string, options: TVerifyOptions): Promise<TVerifyRun> {
  const client = new pg.Client({ connectionString: url, application_name: 'consent-log-verifier' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checkpoints = (await client.query<{ tree_size: string; note: string }>(CHECKPOINTS_SQL, [startSeq(options)])).rows;
    const head = (await client.query<{ seq: string; chain_hash: string }>(HEAD_SQL)).rows[0];
    const erasures = toErasures((await client.query<TErasureRow>(ERASURES_SQL, [startSeq(options)])).rows);
    const { chain, finish } = startVerifiers(checkpoints, erasures, options);
    const headSeq = BigInt(head?.seq ?? '0');
    const pageAfter = (after: bigint) => {
      const upTo = pageEnd(after, headSeq);
      const rows = client.query<TRow>({ name: 'verify-entries', text: ENTRIES_SQL, values: [after.toString(), upTo.toString()] });
      return { upTo, rows: rows.then((r) => r.rows) };
    };
    const start = options.from?.chain.seq ?? 0n;
    let next = start < headSeq ? pageAfter(start) : null;
    while (next) {
      const { upTo, rows } = next;
      const read = await rows;
      next = upTo < headSeq ? pageAfter(upTo) : null;
      if (!read.every((row) => chain.push(toEntry(row)))) break;
      await options.onProgress?.(upTo, headSeq);
    }
    await next?.rows;
    await client.query('COMMIT');
    return finish(head);
  } finally {
    await client.end();
  }
}

/**
 * On PGlite (one connection shared with the app): pages, each its own query, so the app's requests
 * interleave. No snapshot is needed: entries up to the head read first never change.
 */
async function verifyOnPglite(pglite: PGlite, options: TVerifyOptions): Promise<TVerifyRun> {
  const checkpoints = (await pglite.query<{ tree_size: string; note: string }>(CHECKPOINTS_SQL, [startSeq(options)])).rows;
  const head = (await pglite.query<{ seq: string; chain_hash: string }>(HEAD_SQL.replace('seq,', 'seq::text AS seq,'))).rows[0];
  const headSeq = BigInt(head?.seq ?? '0');
  const readErasures = async () => toErasures((await pglite.query<TErasureRow>(ERASURES_SQL, [startSeq(options)])).rows);
  const { chain, finish } = startVerifiers(checkpoints, await readErasures(), options);
  const entriesSql = ENTRIES_SQL.replace('e.seq,', 'e.seq::text AS seq,');
  for (let after = options.from?.chain.seq ?? 0n; after < headSeq;) {
    const upTo = pageEnd(after, headSeq);
    const { rows } = await pglite.query<TRow>(entriesSql, [after.toString(), upTo.toString()]);
    // A purge may have erased rows since the purges were read (its entry is in the log before it erases).
    if (rows.some((row) => row.personal_commitment !== null && row.salt === null && !chain.erasureCovers(toEntry(row))))
      chain.updateErasures(await readErasures());
    if (!rows.every((row) => chain.push(toEntry(row)))) break;
    after = upTo;
    await options.onProgress?.(after, headSeq);
  }
  return finish(head);
}

/**
 * Recomputes every entry's leaf and chain hash in sequence order and names the first entry that
 * does not fit (docs/decisions/0004). Reads through the driver, not Prisma: a million entries must
 * stream in constant memory.
 */
export function verifyChain(database: Pick<TOpenDatabase, 'target' | 'pglite'>, options: TVerifyOptions = {}): Promise<TVerifyRun> {
  if (database.target.kind === 'postgres') return verifyOnPostgres(database.target.url, options);
  if (!database.pglite) throw new Error('embedded database is not open');
  return verifyOnPglite(database.pglite, options);
}
