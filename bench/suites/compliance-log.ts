// Issue 6: the compliance workspace at the full log size on PostgreSQL. Exports of 100k and 1M entries
// as CSV and JSON Lines (rows/s, peak RSS flat from 100k to 1M: the driver's cursor, docs/decisions/0025),
// and log-explorer pages by advisor, member, consultation, day, week and deep pages (p95, with the
// plan EXPLAIN shows, docs/decisions/0024).
import { runWorker } from '../lib/child';
import { describeShares, withCpuShares } from '../lib/cpu-shares';
import { type TFigure, explainMiss, figure, sizeLabel } from '../lib/figures';
import { sharedLogDatabase } from '../lib/shared-log-database';

type TExportRun = { rows: number; bytes: number; ms: number; peakRssMb: number };
type TExplorerRun = {
  size: number;
  results: Record<
    string,
    { p50: number; p95: number; plan: string[]; seqScan: boolean; analyzed: { ms: number; logRows: number; buffers: number } }
  >;
};

export async function complianceLogSuite(options: { entries: number; log: (line: string) => void }): Promise<TFigure[]> {
  const json = JSON.stringify((await sharedLogDatabase(options.entries, options.log)).target);
  const figures: TFigure[] = [];
  const small = Math.min(100_000, options.entries);
  const label = sizeLabel;
  for (const format of ['CSV', 'JSONL'] as const) {
    const exportOf = async (size: number) => {
      options.log(`export ${size} entries as ${format}`);
      return JSON.parse(await runWorker('bench/workers/export.ts', [json, String(size), format])) as TExportRun;
    };
    const first = await exportOf(small);
    const { result: full, shares } = await withCpuShares(() => exportOf(options.entries));
    if (full.rows !== options.entries) throw new Error(`export wrote ${full.rows} rows, expected ${options.entries}`);
    const name = format.toLowerCase();
    figures.push(
      explainMiss(
        figure(
          `export-${name}-rows-per-s-pg-${label(full.rows)}`,
          'rows/s',
          full.rows / (full.ms / 1000),
          null,
          { kind: 'value-at-least', min: 100_000 },
          `${(full.bytes / 1024 / 1024).toFixed(0)} MB in ${(full.ms / 1000).toFixed(1)} s`,
        ),
        `during the export (the exporting worker counts as bench): ${describeShares(shares)}`,
      ),
      figure(
        `export-${name}-peak-rss-pg-${label(full.rows)}`,
        'MB',
        full.peakRssMb,
        null,
        { kind: 'value-below', max: 300 },
        `peak resident memory of the exporting process; ${first.peakRssMb.toFixed(0)} MB at ${label(first.rows)}`,
      ),
      figure(
        `export-${name}-rss-growth-${label(first.rows)}-to-${label(full.rows)}`,
        'MB',
        full.peakRssMb - first.peakRssMb,
        null,
        { kind: 'value-below', max: 30 },
        'flat: the peak does not grow with the number of rows',
      ),
    );
  }
  options.log('time explorer pages and EXPLAIN them');
  const explorer = JSON.parse(await runWorker('bench/workers/explorer.ts', [json, '200'])) as TExplorerRun;
  for (const [question, r] of Object.entries(explorer.results)) {
    const f = figure(
      `explorer-${question}-p95-pg-${label(explorer.size)}`,
      'ms',
      r.p95,
      null,
      { kind: 'value-below', max: 50 },
      `p50 ${r.p50.toFixed(2)} ms; plan: ${r.plan.join('; ')}`,
    );
    figures.push(
      r.seqScan
        ? { ...f, met: false, whyMissed: 'EXPLAIN shows a sequential scan of the log for this question' }
        : explainMiss(
            f,
            `one page of 50 EXPLAIN ANALYZEd: ${r.analyzed.ms.toFixed(1)} ms in the database, ${r.analyzed.logRows.toLocaleString('en-US')} ` +
              `rows of the log read (kept or filtered out), ${r.analyzed.buffers.toLocaleString('en-US')} buffers of 8 kB; plan in the note`,
          ),
    );
  }
  return figures;
}
