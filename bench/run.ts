// npm run bench [-- --only consent-submit,log-append,verify-chain,merkle-proofs,compliance-log,pages,live-status,witnessing,log-tiles,log-storage] [--entries 1000000] [--appends 1000]
// npm run bench -- --entries 10000000 --only verify-chain,merkle-proofs,compliance-log,log-tiles,log-storage   (issue 21, point 4: about 46 min, 42 GB of disk)
// npm run bench -- --only soak [--soak-minutes 30]   (not in the default run: it takes the half hour)
// Runs each benchmark against its baseline on this machine, in this run, and writes bench/results.md
// and bench/results.json. Not part of the test command: it takes minutes and loads the machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BENCH_SECRETS } from './lib/app-server';
import { type TFigure, sizeLabel } from './lib/figures';
import { machineFacts } from './lib/machine';
import { dropSharedLogDatabase } from './lib/shared-log-database';
import { type TSuiteFailure, writeReadmeSummary, writeResults } from './lib/write-results';
import { complianceLogSuite } from './suites/compliance-log';
import { consentSubmitSuite } from './suites/consent-submit';
import { liveStatusSuite } from './suites/live-status';
import { logAppendSuite } from './suites/log-append';
import { logStorageSuite } from './suites/log-storage';
import { merkleProofsSuite } from './suites/merkle-proofs';
import { pagesSuite } from './suites/pages';
import { verifyChainSuite } from './suites/verify-chain';
import { witnessingSuite } from './suites/witnessing';
import { logTilesSuite } from './suites/log-tiles';
import { soakSuite } from './suites/soak';

const DEFAULT_ENTRIES = 1_000_000;
const ZOptions = z.object({
  only: z.string().optional(),
  entries: z.coerce.number().int().min(100_000).max(10_000_000).default(DEFAULT_ENTRIES),
  appends: z.coerce.number().int().min(50).max(100_000).default(1_000),
  'soak-minutes': z.coerce.number().int().min(2).max(600).default(30),
});

const { values } = parseArgs({
  options: { only: { type: 'string' }, entries: { type: 'string' }, appends: { type: 'string' }, 'soak-minutes': { type: 'string' } },
});
const options = ZOptions.parse(values);
const log = (line: string) => process.stderr.write(`  ${line}\n`);

/**
 * `optIn`: run only when named in --only. `sized`: measures the log of --entries entries (one database
 * written once per run, bench/lib/shared-log-database.ts); at another size than the default its figures are
 * kept apart from the default run's (suite "verify-chain@10m"), so neither run replaces the other's.
 */
const SUITES: { name: string; run: () => Promise<TFigure[]>; optIn?: true; sized?: true }[] = [
  { name: 'consent-submit', run: () => consentSubmitSuite({ kind: 'pg', log }) },
  { name: 'consent-submit-pglite', run: () => consentSubmitSuite({ kind: 'pglite', log }) },
  { name: 'log-append', run: () => logAppendSuite({ appendsPerWriter: options.appends, log }) },
  { name: 'verify-chain', run: () => verifyChainSuite({ entries: options.entries, log }), sized: true },
  { name: 'merkle-proofs', run: () => merkleProofsSuite({ entries: options.entries, log }), sized: true },
  { name: 'compliance-log', run: () => complianceLogSuite({ entries: options.entries, log }), sized: true },
  { name: 'pages', run: () => pagesSuite({ log }) },
  { name: 'live-status', run: () => liveStatusSuite({ log }) },
  { name: 'witnessing', run: () => witnessingSuite({ log }) },
  { name: 'log-tiles', run: () => logTilesSuite({ entries: options.entries, log }), sized: true },
  { name: 'log-storage', run: () => logStorageSuite({ entries: options.entries, log }), sized: true },
  { name: 'soak', run: () => soakSuite({ minutes: options['soak-minutes'], log }), optIn: true },
];

/** The code measured: the commit, marked "-modified" when tracked files differ from it (figures of uncommitted code). */
function measuredCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return changed ? `${commit}-modified` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

// The bench, its workers and every app it starts share one configuration, whatever .env.local holds (app-server.ts).
Object.assign(process.env, BENCH_SECRETS);
const started = Date.now();
const commit = measuredCommit();
const runSize = sizeLabel(options.entries);
/** The suite a figure is recorded under: a sized suite at another size keeps its figures apart. */
const recordedName = (suite: (typeof SUITES)[number]) =>
  suite.sized && options.entries !== DEFAULT_ENTRIES ? `${suite.name}@${runSize}` : suite.name;
const selected = options.only ? SUITES.filter((s) => options.only!.split(',').includes(s.name)) : SUITES.filter((s) => !s.optIn);
const benchmarks: TFigure[] = [];
const failures: TSuiteFailure[] = [];
for (const [i, suite] of selected.entries()) {
  process.stderr.write(`[${i + 1}/${selected.length}] ${suite.name}\n`);
  const measuredAt = new Date().toISOString();
  try {
    const figures = (await suite.run()).map((f) => ({ ...f, suite: recordedName(suite), commit, measuredAt }));
    for (const f of figures)
      process.stderr.write(`  → ${f.name}: ${f.value} ${f.unit} (ratio ${f.ratio ?? '—'}, ${f.target}: ${f.met ? 'met' : 'MISSED'})\n`);
    benchmarks.push(...figures);
  } catch (error) {
    // One suite failing (a port taken, a log that does not verify) does not stop the others: the run says
    // which failed and why, and exits non-zero.
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`  ✗ ${suite.name} did not complete: ${reason}\n`);
    failures.push({ suite: recordedName(suite), reason, commit, measuredAt });
  }
}
try {
  await dropSharedLogDatabase();
} catch (error) {
  // The figures are written all the same; the database is dropped by the next run that writes the log.
  process.stderr.write(`  the shared log database was not dropped: ${error instanceof Error ? error.message : String(error)}\n`);
}
// A run keeps the figures of the suites it did not run (with the commit each measured) from the last results:
// those of a narrower run (--only), of an opt-in suite, of the sized suites at another size.
const last = existsSync('bench/results.json')
  ? (JSON.parse(readFileSync('bench/results.json', 'utf8')) as { benchmarks: TFigure[]; failures?: TSuiteFailure[] })
  : { benchmarks: [], failures: [] };
const notRun = (suite: string | undefined) => !selected.some((s) => recordedName(s) === suite);
const results = {
  date: new Date().toISOString(),
  commit,
  machine: await machineFacts(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  benchmarks: [...last.benchmarks.filter((b) => notRun(b.suite)), ...benchmarks],
  failures: [...(last.failures ?? []).filter((f) => notRun(f.suite)), ...failures],
};
writeResults(results);
writeReadmeSummary(results);
process.stderr.write(
  `Wrote bench/results.md and bench/results.json (${benchmarks.filter((b) => b.met).length}/${benchmarks.length} targets met` +
    `${failures.length ? `; ${failures.length} suite(s) did not complete: ${failures.map((f) => f.suite).join(', ')}` : ''}).\n`,
);
process.exit(failures.length ? 1 : 0);
