// Opens the database when the server starts rather than on the first request: on the embedded
// default this takes the data-directory lock at once, so a command-line tool started while the app
// runs is refused instead of racing it for the directory.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { env } = await import('@/server/env');
  env(); // a missing or weak secret stops the start with a clear message, not the first request
  const { openProcessDatabase } = await import('@/server/db/client');
  const { startIntegrationRunner } = await import('@/server/audit-log/integration-runner');
  const { startCheckpointSigner } = await import('@/server/transparency/checkpoints');
  const { startOverdueStopSweeper } = await import('@/server/compliance/violations/raise-overdue-stops');
  const { startRetentionPurger } = await import('@/server/retention/retention-purger');
  const database = await openProcessDatabase();
  startIntegrationRunner(database.prisma);
  startCheckpointSigner(database.prisma);
  startOverdueStopSweeper(database.prisma);
  startRetentionPurger(database);
}
