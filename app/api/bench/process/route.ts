import { baselineRoutesEnabled } from '@/server/bench/baseline-routes';
import { consultationChangeListeners } from '@/server/live/consultation-changes';

/** Benchmark insight: this instance's memory, open handles by kind and live-update listeners (404 unless benchmarking). */
export function GET() {
  if (!baselineRoutesEnabled()) return new Response('Not found', { status: 404 });
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  return Response.json({ rss: process.memoryUsage().rss, handles, liveListeners: consultationChangeListeners() });
}
