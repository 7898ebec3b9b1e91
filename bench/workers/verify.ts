// Child process: verifies the whole log of a target and reports time and peak RSS as one JSON line,
// so the memory figure is the verifier's alone. With an entry number (argv[3]), the full run also keeps an
// anchor there, and the entries after it are then verified from it, as the compliance page does (0072).
import { verifyChain } from '@/server/transparency/verify-chain';
import { openDatabase } from '@/server/db/client';

const target = JSON.parse(process.argv[2]!) as { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
const database = await openDatabase(target);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const started = performance.now();
const anchorAt = process.argv[3] ? BigInt(process.argv[3]) : null;
const result = await verifyChain(database, anchorAt ? { keepAt: new Set([anchorAt]) } : {});
const ms = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
let incremental: { ok: boolean; entries: number; ms: number } | null = null;
const anchor = result.kept[0];
if (anchor) {
  const from = performance.now();
  const newer = await verifyChain(database, { from: anchor });
  incremental = { ok: newer.ok, entries: newer.entriesChecked, ms: performance.now() - from };
}
await database.close();
console.log(JSON.stringify({ ok: result.ok, entries: result.entriesChecked, ms, peakRssMb: peakRss / 1024 / 1024, incremental }));
process.exit(0);
