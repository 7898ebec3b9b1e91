import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TFigure } from './figures';

/** A suite that stopped before giving its figures, and why (its message). */
export type TSuiteFailure = { suite: string; reason: string; commit: string; measuredAt: string };

type TResults = {
  date: string;
  commit: string;
  machine: Record<string, unknown>;
  durationSeconds: number;
  benchmarks: TFigure[];
  failures: TSuiteFailure[];
};

const fmt = (n: number | null) => (n === null ? '—' : n >= 100 ? Math.round(n).toLocaleString('en-US') : String(n));

/** bench/results.json (machine-readable) and bench/results.md (a table a person reads). */
export function writeResults(results: TResults, dir = 'bench'): void {
  writeFileSync(path.join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const machine = results.machine as {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    postgres: string;
    postgresSettings: Record<string, string>;
    versions: Record<string, string>;
  };
  const lines = [
    '# Benchmark results',
    '',
    `Measured ${results.date} at commit ${results.commit} with \`npm run bench\` (${results.durationSeconds} s) on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node},`,
    `PostgreSQL ${machine.postgres} (synchronous_commit=${machine.postgresSettings.synchronous_commit!}, fsync=${machine.postgresSettings.fsync!}), ` +
      Object.entries(machine.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      '.',
    '',
    'Each figure is compared with a baseline measured on the same machine in the same run; the ratio is what the target judges.',
    'The commit column names the code each figure measured ("-modified": with uncommitted changes); a run keeps the figures',
    'of the suites it did not run (`--only`, the opt-in soak, the log at another `--entries`) from their own, earlier runs.',
    '',
    '| benchmark | unit | baseline | value | ratio | target | met | commit |',
    '| --- | --- | ---: | ---: | ---: | --- | --- | --- |',
    ...results.benchmarks.map(
      (b) =>
        `| ${b.name} | ${b.unit} | ${fmt(b.baseline)} | ${fmt(b.value)} | ${fmt(b.ratio)} | ${b.target} | ${b.met ? 'yes' : '**no**'} | ${b.commit ?? 'not recorded'} |`,
    ),
    ...(results.failures.length
      ? [
          '',
          '## Suites that did not complete',
          '',
          ...results.failures.map((f) => `- **${f.suite}** (${f.commit}, ${f.measuredAt}): ${f.reason.replaceAll('\n', ' ')}`),
        ]
      : []),
    '',
    ...results.benchmarks.flatMap((b) => (b.note ? [`- ${b.name}: ${b.note}`] : [])),
    '',
    '## Targets missed: what the run measured',
    '',
    ...(results.benchmarks.some((b) => !b.met)
      ? results.benchmarks.filter((b) => !b.met).map((b) => `- **${b.name}**: ${b.whyMissed ?? 'not explained by this run.'}`)
      : ['None.']),
    '',
  ];
  writeFileSync(path.join(dir, 'results.md'), lines.join('\n'));
}

const SUMMARY = /<!-- bench-summary -->[\s\S]*<!-- \/bench-summary -->/;

/**
 * The README's figures, written from the results (between its bench-summary markers), so they are never
 * typed by hand: how many targets were met at which commit, and each miss with its value.
 */
export function writeReadmeSummary(results: TResults, readme = 'README.md'): void {
  if (!existsSync(readme)) return;
  const text = readFileSync(readme, 'utf8');
  if (!SUMMARY.test(text)) return;
  const commits = [...new Set(results.benchmarks.map((b) => b.commit ?? 'not recorded'))];
  const missed = results.benchmarks.filter((b) => !b.met);
  const lines = [
    '<!-- bench-summary -->',
    `From bench/results.md (written by \`npm run bench\`, last run ${results.date.slice(0, 10)} at commit ${results.commit}` +
      `${commits.length > 1 ? `; figures from commits ${commits.join(', ')}` : ''}): ` +
      `${results.benchmarks.length - missed.length} of ${results.benchmarks.length} targets met.`,
    ...(missed.length
      ? [
          '',
          'Missed:',
          '',
          ...missed.map((b) => `- ${b.name}: ${fmt(b.ratio ?? b.value)}${b.ratio === null ? ` ${b.unit}` : ''} (target ${b.target})`),
        ]
      : []),
    ...(results.failures.length ? ['', `Did not complete: ${results.failures.map((f) => f.suite).join(', ')}.`] : []),
    '<!-- /bench-summary -->',
  ];
  writeFileSync(readme, text.replace(SUMMARY, lines.join('\n')));
}
