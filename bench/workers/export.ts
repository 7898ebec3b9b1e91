// Child process: exports the first N entries of a target's log as CSV or JSON Lines through the
// gateway's streaming path (server/compliance/export), discarding the bytes, and reports rows/s and
// the process's peak resident memory. One export per process, so the peak is this export's own.
import { exportBytes } from '@/server/compliance/export/export-bytes';
import { openDatabase } from '@/server/db/client';

const [targetJson, size, format] = process.argv.slice(2);
const target = JSON.parse(targetJson!) as { kind: 'postgres'; url: string };
const database = await openDatabase(target);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
let figures = { rows: 0n, bytes: 0n, sha256: '' };
const started = performance.now();
for await (const _chunk of exportBytes(database, { filter: {}, treeSize: BigInt(size!), format: format as 'CSV' | 'JSONL' }, (f) => {
  figures = f;
})) {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const ms = performance.now() - started;
clearInterval(sampler);
await database.close();
console.log(JSON.stringify({ rows: Number(figures.rows), bytes: Number(figures.bytes), ms, peakRssMb: peakRss / 1024 / 1024 }));
process.exit(0);
