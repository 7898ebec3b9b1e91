// Item 3 (and 5): verifying the whole chain vs one SHA-256 per entry over the same bytes, and the
// verifier's peak memory at 100k and at the full size, on PostgreSQL and on PGlite.
import { hash } from 'node:crypto';
import { chainHash, entryCanonicalBytes, leafHashOfText, personalCommitmentOfBytes } from '@/server/audit-log/entry-hashing';
import { nodeHash } from '@/shared/transparency/merkle';
import { dropPostgresDatabase, freshPgliteDir, freshPostgresDatabase } from '../lib/bench-database';
import { runWorker } from '../lib/child';
import { type TCpuShares, describeShares, withCpuShares } from '../lib/cpu-shares';
import { type TFigure, explainMiss, figure, sizeLabel } from '../lib/figures';
import { type TGeneratedEntry, logEntries } from '../lib/log-data-set';
import { LOG_SEED, sharedLogDatabase } from '../lib/shared-log-database';

const SEED = LOG_SEED;
const SMALL = 100_000;
/**
 * The baseline hashes at most this many entries: one SHA-256 costs the same at any log size, and generating
 * ten million entries again only to hash them took minutes. Above it, PGlite is not measured: its figure is
 * taken at 1,000,000 (point 2), and loading it runs at about 7,000 entries a second.
 */
export const BASELINE_SAMPLE = 1_000_000;

/**
 * Entries per second for `work` over the data set's entries. Each chunk of 20,000 runs three times and its
 * fastest pass counts: a collection or another process taking the core for a moment makes a baseline
 * slower than the hashing is (two runs on this machine measured 0.74 and 1.8 million a second).
 */
function fastestRate<T>(count: number, seed: number, prepare: (entry: TGeneratedEntry) => T, work: (item: T) => void): number {
  let hashingMs = 0;
  let chunk: T[] = [];
  const flush = () => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let pass = 0; pass < 3; pass++) {
      const started = performance.now();
      for (const item of chunk) work(item);
      fastest = Math.min(fastest, performance.now() - started);
    }
    hashingMs += fastest;
    chunk = [];
  };
  for (const entry of logEntries(count, seed)) {
    chunk.push(prepare(entry));
    if (chunk.length === 20_000) flush();
  }
  flush();
  return count / (hashingMs / 1000);
}

/** Digests per second for one plain SHA-256 per entry over the entries' canonical bytes: the baseline. */
export function shaBaseline(count: number, seed = SEED): number {
  return fastestRate(count, seed, entryCanonicalBytes, (bytes) => hash('sha256', bytes));
}

/**
 * Entries per second for the digests the verifier cannot skip, on one thread, with nothing read: the
 * entry's leaf, its chain link, its personal commitment and, on average, one node of the tree. The
 * ceiling of a verifier that hashes on one thread, whatever the database does.
 */
function verifierDigestsRate(count: number, seed = SEED): number {
  const zero = Buffer.alloc(32);
  return fastestRate(
    count,
    seed,
    (e) => ({ canonical: e.canonical, previous: e.chainHash, salt: e.salt, personal: e.personalCanonical }),
    (e) => {
      const leaf = leafHashOfText(e.canonical);
      chainHash(e.previous, leaf);
      personalCommitmentOfBytes(e.salt, e.personal);
      nodeHash(Buffer.from(leaf, 'hex'), zero);
    },
  );
}

type TVerifyRun = {
  ok: boolean;
  entries: number;
  ms: number;
  peakRssMb: number;
  /** The entries after the anchor the full run kept, verified from it (the compliance page's check). */
  incremental: { ok: boolean; entries: number; ms: number } | null;
};

/** How many of the newest entries the page's check of new entries covers in the figure (issue 21, point 4). */
const NEW_ENTRIES = 10_000;

/**
 * On PostgreSQL the small log is a database of its own and the full one is the run's shared log; PGlite's
 * directory is written to 100k, measured, then extended to the full size.
 */
async function measure(
  kind: 'pg' | 'pglite',
  count: number,
  log: (line: string) => void,
): Promise<{ small: TVerifyRun; full: TVerifyRun; shares: TCpuShares }> {
  const target =
    kind === 'pg'
      ? await freshPostgresDatabase('consent_bench_verify')
      : { kind: 'pglite' as const, dataDir: freshPgliteDir('verify-pglite') };
  if (target.kind === 'pglite') {
    const { openDriverAdapter } = await import('@/server/db/driver-adapter');
    const { applyMigrations } = await import('@/server/migrate/run-migrations');
    const opened = await openDriverAdapter(target);
    await applyMigrations(opened.factory);
    await opened.close();
  }
  const json = JSON.stringify(target);
  await runWorker('bench/workers/write-log.ts', [json, String(SMALL), String(SEED), '0']);
  const small = JSON.parse(await runWorker('bench/workers/verify.ts', [json])) as TVerifyRun;
  let fullJson = json;
  if (kind === 'pg') {
    await dropPostgresDatabase('consent_bench_verify');
    fullJson = JSON.stringify((await sharedLogDatabase(count, log)).target);
  } else await runWorker('bench/workers/write-log.ts', [json, String(count), String(SEED), String(SMALL)]);
  const { result: fullText, shares } = await withCpuShares(() =>
    runWorker('bench/workers/verify.ts', [fullJson, String(Math.max(1, count - NEW_ENTRIES))]),
  );
  const full = JSON.parse(fullText) as TVerifyRun;
  if (!small.ok || !full.ok || full.entries !== count || !full.incremental?.ok)
    throw new Error(`verification of the generated log failed: ${JSON.stringify({ small, full })}`);
  return { small, full, shares };
}

export async function verifyChainSuite(options: { entries: number; log: (line: string) => void }): Promise<TFigure[]> {
  const count = options.entries;
  options.log(`SHA-256 baseline over ${Math.min(count, BASELINE_SAMPLE)} entries' bytes`);
  const baseline = shaBaseline(Math.min(count, BASELINE_SAMPLE));
  const digestsOnly = verifierDigestsRate(Math.min(count, BASELINE_SAMPLE));
  const figures: TFigure[] = [];
  const kinds = count > BASELINE_SAMPLE ? (['pg'] as const) : (['pg', 'pglite'] as const);
  if (kinds.length === 1) options.log(`PGlite is measured at up to ${BASELINE_SAMPLE} entries, not at ${count}`);
  for (const kind of kinds) {
    const label = sizeLabel(count);
    options.log(`verify ${count} entries on ${kind}`);
    const { small, full, shares } = await measure(kind, count, options.log);
    const rate = full.entries / (full.ms / 1000);
    figures.push(
      explainMiss(
        figure(
          `verify-chain-${kind}-${label}`,
          'entries/s',
          rate,
          baseline,
          { kind: 'ratio-at-least', min: 0.3 },
          `${(full.ms / 1000).toFixed(1)} s for ${full.entries} entries`,
        ),
        `${(1e6 / rate).toFixed(1)} µs per entry against ${(1e6 / baseline).toFixed(1)} µs for one digest. The digests the verifier ` +
          `cannot skip (leaf, chain link, personal commitment, one tree node) take ${(1e6 / digestsOnly).toFixed(1)} µs per entry ` +
          `on one thread with nothing read: a ratio of ${(digestsOnly / baseline).toFixed(2)} at most for a verifier hashing on one thread. During the verification ` +
          `(the verifying worker counts as bench${kind === 'pglite' ? ', with PGlite inside it' : ''}): ${describeShares(shares)}`,
      ),
      explainMiss(
        figure(
          `verify-chain-${kind}-peak-rss-${label}`,
          'MB',
          full.peakRssMb,
          small.peakRssMb,
          { kind: 'ratio-at-most', max: 1.25 },
          `peak RSS at ${label} (value) vs at 100k (baseline): flat means ratio near 1`,
        ),
        `${full.peakRssMb.toFixed(0)} MB at ${label} against ${small.peakRssMb.toFixed(0)} MB at 100k`,
      ),
      figure(
        `verify-new-entries-${kind}-${label}-last-10k`,
        'ms',
        full.incremental!.ms,
        null,
        { kind: 'value-below', max: 1000 },
        `the newest ${full.incremental!.entries} entries of ${label}, from the anchor the full run kept (the compliance page's check, 0072)`,
      ),
    );
  }
  return figures;
}
