import { baselineRoutesEnabled } from '@/server/bench/baseline-routes';

/** Benchmark yardstick: the framework's cheapest JSON answer (404 unless benchmarking). */
export function GET() {
  if (!baselineRoutesEnabled()) return new Response('Not found', { status: 404 });
  return Response.json({ ok: true });
}
