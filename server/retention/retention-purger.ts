import 'server-only';
import type { TOpenDatabase } from '@/server/db/client';
import { env } from '@/server/env';
import { purgeExpired } from '@/server/retention/purge-expired';
import { retentionCutoffs } from '@/server/retention/retention-cutoffs';
import { registerBackgroundWork } from '@/server/observability/background-work';
import { logger } from '@/server/logging/logger';

const holder = globalThis as typeof globalThis & { __retentionPurger?: NodeJS.Timeout; __retentionPurge?: Promise<void> };

/** The first run waits this long after the start, so that starting the app stays quick. */
const FIRST_RUN_DELAY_MS = 60_000;

/**
 * Runs the retention purge in the background every RETENTION_PURGE_EVERY_HOURS (0: never; a scheduler
 * then runs `npm run retention:purge`). Only the app starts it; instances racing are harmless (one
 * purge at a time, the others skip).
 */
export function startRetentionPurger(database: TOpenDatabase, everyHours = env().RETENTION_PURGE_EVERY_HOURS): void {
  if (holder.__retentionPurger || everyHours === 0) return;
  const tick = async () => {
    try {
      const result = await purgeExpired(database, { cutoffs: retentionCutoffs(new Date()) });
      if (result.kind === 'purged') logger().info({ task: 'retention-purge', erased: result.erased }, 'retention purge done');
    } catch (error) {
      // Nothing expired is lost by waiting: the next run erases it.
      logger().error({ err: error, task: 'retention-purge' }, 'retention purge failed; will retry at the next run');
    }
  };
  const run = () => {
    holder.__retentionPurge = tick();
  };
  holder.__retentionPurger = setTimeout(() => {
    run();
    holder.__retentionPurger = setInterval(run, everyHours * 60 * 60 * 1000);
    holder.__retentionPurger.unref();
  }, FIRST_RUN_DELAY_MS);
  holder.__retentionPurger.unref();
  registerBackgroundWork('retention purger', { stop: stopRetentionPurger });
}

/** Stops the purger (the app's shutdown); resolves once a purge under way is done (it is one transaction per step). */
export async function stopRetentionPurger(): Promise<void> {
  // One of the two is set: the first run's timeout, then the interval; clearing both is harmless.
  clearTimeout(holder.__retentionPurger);
  clearInterval(holder.__retentionPurger);
  holder.__retentionPurger = undefined;
  await holder.__retentionPurge;
}
