// Issue 6: inclusion-proof generation at the full log size (p95 under 20 ms), on PostgreSQL, from the
// stored complete subtrees (server/transparency/merkle-store.ts); the tree's build time is reported too.
import { runWorker } from '../lib/child';
import { type TFigure, figure, sizeLabel } from '../lib/figures';
import { sharedLogDatabase } from '../lib/shared-log-database';

type TProofRun = { size: number; buildMs: number; p50: number; p95: number; allVerify: boolean };

export async function merkleProofsSuite(options: { entries: number; log: (line: string) => void }): Promise<TFigure[]> {
  const { target } = await sharedLogDatabase(options.entries, options.log);
  options.log('build the tree and time 1000 inclusion proofs');
  const run = JSON.parse(await runWorker('bench/workers/merkle-proofs.ts', [JSON.stringify(target), '1000'])) as TProofRun;
  if (!run.allVerify || run.size !== options.entries) throw new Error(`inclusion proofs did not verify: ${JSON.stringify(run)}`);
  const label = sizeLabel(run.size);
  return [
    figure(
      `inclusion-proof-p95-pg-${label}`,
      'ms',
      run.p95,
      null,
      { kind: 'value-below', max: 20 },
      `p50 ${run.p50.toFixed(2)} ms; each proof verified against the tree head`,
    ),
    figure(
      `merkle-build-pg-${label}`,
      'leaves/s',
      run.size / (run.buildMs / 1000),
      null,
      { kind: 'info' },
      `${(run.buildMs / 1000).toFixed(1)} s to store the tree over ${run.size} entries, once; later leaves are added as they come`,
    ),
  ];
}
