import { connection } from 'next/server';
import { db } from '@/server/db/client';
import { checkReadiness } from '@/server/observability/check-readiness';
import { isShuttingDown } from '@/server/observability/graceful-shutdown';
import { logger } from '@/server/logging/logger';
import { requestIdFrom } from '@/server/logging/request-id';

/**
 * Readiness: send this instance traffic only if its database answers and every migration of this
 * build is applied; 503 with the reason otherwise, and while it shuts down. The reason names no
 * migration (only how many are missing) and nothing of the configuration.
 */
export async function GET(request: Request) {
  await connection();
  const requestId = requestIdFrom(request.headers);
  const headers = { 'cache-control': 'no-store', 'x-request-id': requestId };
  const result = await checkReadiness(await db(), { shuttingDown: isShuttingDown() });
  if (result.ready) return Response.json({ status: 'ready' }, { headers });
  const body = {
    status: 'not-ready',
    reason: result.reason,
    ...('pending' in result ? { pendingMigrations: result.pending.length } : {}),
    ...('failed' in result ? { failedMigrations: result.failed.length } : {}),
  };
  if (result.reason !== 'shutting-down')
    logger().warn({ requestId, ...body, ...('pending' in result ? { pending: result.pending } : {}) }, 'not ready');
  return Response.json(body, { status: 503, headers });
}
