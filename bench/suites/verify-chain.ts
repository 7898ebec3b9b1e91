// Item 3 (and 5): verifying the whole chain vs one SHA-256 per entry over the same bytes, and the
// verifier's peak memory at 100k and at the full size, on PostgreSQL and on PGlite.
import { hash } from 'node:crypto';
import { entryCanonicalBytes } from '@/server/audit-log/entry-hashing';
import { dropPostgresDatabase, freshPgliteDir, freshPostgresDatabase } from '../lib/bench-database';
import { runWorker } from '../lib/child';
import { type TCpuShares, describeShares, withCpuShares } from '../lib/cpu-shares';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { logEntries } from '../lib/log-data-set';

const SEED = 20261125;
const SMALL = 100_000;

/**
 * Digests per second for one plain SHA-256 per entry over the entries' canonical bytes. Each chunk is
 * hashed three times and its fastest pass counts: a collection or another process taking the core for a
 * moment makes a baseline slower than the hashing is (two runs on this machine measured 0.74 and 1.8 million a second).
 */
export function shaBaseline(count: number, seed = SEED): number {
  let hashingMs = 0;
  let chunk: Buffer[] = [];
  const flush = () => {
    let fastest = Number.POSITIVE_INFINITY;
    for (let pass = 0; pass < 3; pass++) {
      const started = performance.now();
      for (const bytes of chunk) hash('sha256', bytes);
      fastest = Math.min(fastest, performance.now() - started);
    }
    hashingMs += fastest;
    chunk = [];
  };
  for (const entry of logEntries(count, seed)) {
    chunk.push(entryCanonicalBytes(entry));
    if (chunk.length === 20_000) flush();
  }
  flush();
  return count / (hashingMs / 1000);
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

async function measure(kind: 'pg' | 'pglite', count: number): Promise<{ small: TVerifyRun; full: TVerifyRun; shares: TCpuShares }> {
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
  await runWorker('bench/workers/write-log.ts', [json, String(count), String(SEED), String(SMALL)]);
  const { result: fullText, shares } = await withCpuShares(() =>
    runWorker('bench/workers/verify.ts', [json, String(Math.max(1, count - NEW_ENTRIES))]),
  );
  const full = JSON.parse(fullText) as TVerifyRun;
  if (!small.ok || !full.ok || full.entries !== count || !full.incremental?.ok)
    throw new Error(`verification of the generated log failed: ${JSON.stringify({ small, full })}`);
  if (kind === 'pg') await dropPostgresDatabase('consent_bench_verify');
  return { small, full, shares };
}

export async function verifyChainSuite(options: { entries: number; log: (line: string) => void }): Promise<TFigure[]> {
  const count = options.entries;
  options.log(`SHA-256 baseline over ${count} entries' bytes`);
  const baseline = shaBaseline(count);
  const figures: TFigure[] = [];
  for (const kind of ['pg', 'pglite'] as const) {
    const label = count >= 1_000_000 ? `${count / 1_000_000}m` : `${count / 1000}k`;
    options.log(`verify ${count} entries on ${kind}`);
    const { small, full, shares } = await measure(kind, count);
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
        `${(1e6 / rate).toFixed(1)} µs per entry against ${(1e6 / baseline).toFixed(1)} µs for one digest; during the verification ` +
          `(the verifying worker counts as bench${kind === 'pglite' ? ', with PGlite inside it' : ''}): ${describeShares(shares)}`,
      ),
      explainMiss(
        figure(
          `verify-chain-${kind}-peak-rss`,
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
