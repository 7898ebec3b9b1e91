import { requestIdFrom } from '@/server/logging/request-id';

/**
 * Liveness: the process answers. No database, no version, nothing else: an orchestrator restarts the
 * process only when this fails, and a database outage is no reason to restart it (see /api/ready).
 */
export function GET(request: Request) {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store', 'x-request-id': requestIdFrom(request.headers) } });
}
