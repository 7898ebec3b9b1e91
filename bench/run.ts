// npm run bench [-- --only consent-submit,log-append,verify-chain,merkle-proofs,compliance-log,pages,live-status,witnessing,log-tiles] [--entries 1000000] [--appends 1000]
// Runs each benchmark against its baseline on this machine, in this run, and writes bench/results.md
// and bench/results.json. Not part of the test command: it takes minutes and loads the machine.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type TFigure } from './lib/figures';
import { machineFacts } from './lib/machine';
import { writeResults } from './lib/write-results';
import { complianceLogSuite } from './suites/compliance-log';
import { consentSubmitSuite } from './suites/consent-submit';
import { liveStatusSuite } from './suites/live-status';
import { logAppendSuite } from './suites/log-append';
import { merkleProofsSuite } from './suites/merkle-proofs';
import { pagesSuite } from './suites/pages';
import { verifyChainSuite } from './suites/verify-chain';
import { witnessingSuite } from './suites/witnessing';
import { logTilesSuite } from './suites/log-tiles';

const ZOptions = z.object({
  only: z.string().optional(),
  entries: z.coerce.number().int().min(100_000).max(10_000_000).default(1_000_000),
  appends: z.coerce.number().int().min(50).max(100_000).default(1_000),
});

const { values } = parseArgs({ options: { only: { type: 'string' }, entries: { type: 'string' }, appends: { type: 'string' } } });
const options = ZOptions.parse(values);
const log = (line: string) => process.stderr.write(`  ${line}\n`);

const SUITES: { name: string; run: () => Promise<TFigure[]> }[] = [
  { name: 'consent-submit', run: () => consentSubmitSuite({ kind: 'pg', log }) },
  { name: 'consent-submit-pglite', run: () => consentSubmitSuite({ kind: 'pglite', log }) },
  { name: 'log-append', run: () => logAppendSuite({ appendsPerWriter: options.appends, log }) },
  { name: 'verify-chain', run: () => verifyChainSuite({ entries: options.entries, log }) },
  { name: 'merkle-proofs', run: () => merkleProofsSuite({ entries: options.entries, log }) },
  { name: 'compliance-log', run: () => complianceLogSuite({ entries: options.entries, log }) },
  { name: 'pages', run: () => pagesSuite({ log }) },
  { name: 'live-status', run: () => liveStatusSuite({ log }) },
  { name: 'witnessing', run: () => witnessingSuite({ log }) },
  { name: 'log-tiles', run: () => logTilesSuite({ entries: options.entries, log }) },
];

const started = Date.now();
const selected = options.only ? SUITES.filter((s) => options.only!.split(',').includes(s.name)) : SUITES;
const benchmarks: TFigure[] = [];
for (const [i, suite] of selected.entries()) {
  process.stderr.write(`[${i + 1}/${selected.length}] ${suite.name}\n`);
  const figures = (await suite.run()).map((f) => ({ ...f, suite: suite.name }));
  for (const f of figures)
    process.stderr.write(`  → ${f.name}: ${f.value} ${f.unit} (ratio ${f.ratio ?? '—'}, ${f.target}: ${f.met ? 'met' : 'MISSED'})\n`);
  benchmarks.push(...figures);
}
// A partial run (--only) keeps the other suites' figures from the last results, so the file stays whole.
const kept =
  options.only && existsSync('bench/results.json')
    ? (JSON.parse(readFileSync('bench/results.json', 'utf8')) as { benchmarks: TFigure[] }).benchmarks.filter(
        (b) => !selected.some((s) => b.suite === s.name),
      )
    : [];
writeResults({
  date: new Date().toISOString(),
  machine: await machineFacts(),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  benchmarks: [...kept, ...benchmarks],
});
process.stderr.write(
  `Wrote bench/results.md and bench/results.json (${benchmarks.filter((b) => b.met).length}/${benchmarks.length} targets met).\n`,
);
process.exit(0);
