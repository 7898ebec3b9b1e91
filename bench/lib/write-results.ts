import { writeFileSync } from 'node:fs';
import type { TFigure } from './figures';

type TResults = { date: string; machine: Record<string, unknown>; durationSeconds: number; benchmarks: TFigure[] };

const fmt = (n: number | null) => (n === null ? '—' : n >= 100 ? Math.round(n).toLocaleString('en-US') : String(n));

/** bench/results.json (machine-readable) and bench/results.md (a table a person reads). */
export function writeResults(results: TResults): void {
  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
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
    `Measured ${results.date} with \`npm run bench\` (${results.durationSeconds} s) on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node},`,
    `PostgreSQL ${machine.postgres} (synchronous_commit=${machine.postgresSettings.synchronous_commit!}, fsync=${machine.postgresSettings.fsync!}), ` +
      Object.entries(machine.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') +
      '.',
    '',
    'Each figure is compared with a baseline measured on the same machine in the same run; the ratio is what the target judges.',
    '',
    '| benchmark | unit | baseline | value | ratio | target | met |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
    ...results.benchmarks.map(
      (b) =>
        `| ${b.name} | ${b.unit} | ${fmt(b.baseline)} | ${fmt(b.value)} | ${fmt(b.ratio)} | ${b.target} | ${b.met ? 'yes' : '**no**'} |`,
    ),
    '',
    ...results.benchmarks.flatMap((b) => (b.note ? [`- ${b.name}: ${b.note}`] : [])),
    '',
    '## Targets missed: why, and what would fix it',
    '',
    ...(results.benchmarks.some((b) => !b.met)
      ? results.benchmarks.filter((b) => !b.met).map((b) => `- **${b.name}**: ${b.whyMissed ?? 'not explained yet.'}`)
      : ['None.']),
    '',
  ];
  writeFileSync('bench/results.md', lines.join('\n'));
}
