import { baselineRoutesEnabled, plainInsert } from '@/server/bench/baseline-routes';

/** Benchmark yardstick: one plain single-row INSERT, committed (404 unless benchmarking). */
export async function POST() {
  if (!baselineRoutesEnabled()) return new Response('Not found', { status: 404 });
  await plainInsert();
  return Response.json({ ok: true });
}
