// Child process: verifies the whole log of a target and reports time and peak RSS as one JSON line,
// so the memory figure is the verifier's alone.
import { verifyChain } from '@/server/transparency/verify-chain';
import { openDatabase } from '@/server/db/client';

const target = JSON.parse(process.argv[2]!) as { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
const database = await openDatabase(target);
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
const started = performance.now();
const result = await verifyChain(database);
const ms = performance.now() - started;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
await database.close();
console.log(JSON.stringify({ ok: result.ok, entries: result.entriesChecked, ms, peakRssMb: peakRss / 1024 / 1024 }));
process.exit(0);
