import type { Instrumentation } from 'next';

// Opens the database when the server starts rather than on the first request: on the embedded
// default this takes the data-directory lock at once, so a command-line tool started while the app
// runs is refused instead of racing it for the directory.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { env } = await import('@/server/env');
  env(); // a missing or weak secret stops the start with a clear message, not the first request
  const { logger } = await import('@/server/logging/logger');
  const log = logger(); // so does an unknown LOG_LEVEL
  // Next's own error output too: JSON lines, errors without the values drivers attach.
  const { routeConsoleToLogger } = await import('@/server/logging/console-to-logger');
  routeConsoleToLogger();
  const { openProcessDatabase } = await import('@/server/db/client');
  const { startIntegrationRunner } = await import('@/server/audit-log/integration-runner');
  const { startLogWitnessing } = await import('@/server/witnessing/witnessing-cycle');
  const { startOverdueStopSweeper } = await import('@/server/compliance/violations/raise-overdue-stops');
  const { startRetentionPurger } = await import('@/server/retention/retention-purger');
  const { handleShutdownSignals, trackRequests } = await import('@/server/observability/graceful-shutdown');
  const { stopBackgroundWork } = await import('@/server/observability/background-work');
  trackRequests();
  const database = await openProcessDatabase();
  startIntegrationRunner(database.prisma);
  startLogWitnessing(database);
  startOverdueStopSweeper(database.prisma);
  startRetentionPurger(database);
  // With NEXT_MANUAL_SIG_HANDLE Next leaves the signals to us (npm start sets it; docs/decisions/0034);
  // without it Next exits on SIGTERM as soon as its server is closed, and queued entries wait for the next start.
  if (process.env.NEXT_MANUAL_SIG_HANDLE) handleShutdownSignals(() => stopBackgroundWork(() => database.close()));
  else if (process.env.NODE_ENV === 'production')
    log.warn('NEXT_MANUAL_SIG_HANDLE is not set: on SIGTERM Next exits without closing the database (use npm start)');
  // The app's server answers the log's tiles that need no session without Next (docs/decisions/0063).
  const { offerTileAnswersToServer } = await import('@/server/compliance/auditors/answer-tile-request-directly');
  offerTileAnswersToServer();
  log.info({ database: database.target.kind }, 'started');
}

/** Errors no handler caught: one log line with the request's id and the route's pattern (never its address or data). */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { logger } = await import('@/server/logging/logger');
  const { requestIdFrom } = await import('@/server/logging/request-id');
  const headers = new Headers();
  const id = request.headers['x-request-id'];
  if (typeof id === 'string') headers.set('x-request-id', id);
  logger().error(
    { err: error, requestId: requestIdFrom(headers), method: request.method, route: context.routePath, routeType: context.routeType },
    'request failed',
  );
};
