import 'server-only';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { stopIntegrationRunner } from '@/server/audit-log/integration-runner';
import { stopOverdueStopSweeper } from '@/server/compliance/violations/raise-overdue-stops';
import type { TOpenDatabase } from '@/server/db/client';
import { logger } from '@/server/observability/logger';
import { stopRetentionPurger } from '@/server/retention/retention-purger';
import { stopCheckpointSigner } from '@/server/transparency/checkpoints';

/**
 * The app's last steps before it exits: stop the background timers (letting a run under way finish),
 * integrate what is still queued, and close the database (PGlite releases its directory lock).
 */
export async function stopBackgroundWork(database: TOpenDatabase): Promise<void> {
  await Promise.all([stopIntegrationRunner(), stopCheckpointSigner(), stopOverdueStopSweeper(), stopRetentionPurger()]);
  try {
    const integrated = await integrateQueuedEntries(database.prisma);
    logger().info({ task: 'shutdown', integrated }, 'integrated the queued log entries');
  } finally {
    // Entries left queued by a failed integration stay durable; the next start's sweep integrates them.
    await database.close();
  }
}
