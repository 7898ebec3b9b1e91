import { baselineRoutesEnabled } from '@/server/bench/baseline-routes';
import { requestSessionCacheStats } from '@/server/auth/session-lookup';

/** Benchmark insight: how this instance answered session lookups so far (404 unless benchmarking). */
export async function GET() {
  if (!baselineRoutesEnabled()) return new Response('Not found', { status: 404 });
  return Response.json(await requestSessionCacheStats());
}
