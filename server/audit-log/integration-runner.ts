import 'server-only';
import { summariseClosedDenialWindows } from '@/server/audit-log/denied-attempts';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { listenForNudges } from '@/server/audit-log/integration-nudge';
import type { TDb } from '@/server/db/client';
import { registerBackgroundWork } from '@/server/observability/background-work';
import { logger } from '@/server/logging/logger';

type TRunner = {
  prisma: TDb;
  running: Promise<void> | null;
  again: boolean;
  pending: NodeJS.Timeout | undefined;
  timer: NodeJS.Timeout | undefined;
  summarisedAt: number;
};

/** How often closed windows of denied attempts become their summary entries (0051). */
const SUMMARY_SWEEP_MS = 30_000;

// One runner per process (on globalThis, like the database handle). Only the app starts it; tests and
// commands integrate explicitly.
const holder = globalThis as typeof globalThis & { __consentLogIntegrator?: TRunner };

/** Under load, nudges within this window share one integration batch instead of one each. */
const COALESCE_MS = 50;

function schedule(runner: TRunner): void {
  if (runner.pending) return;
  runner.pending = setTimeout(() => {
    runner.pending = undefined;
    void run(runner);
  }, COALESCE_MS);
  runner.pending.unref();
}

function run(runner: TRunner): Promise<void> {
  if (runner.running) {
    runner.again = true;
    return runner.running;
  }
  runner.running = integrate(runner);
  return runner.running;
}

async function integrate(runner: TRunner): Promise<void> {
  if (Date.now() - runner.summarisedAt >= SUMMARY_SWEEP_MS) {
    runner.summarisedAt = Date.now();
    // Its entries are queued in its own transaction, which nudges this runner again.
    await summariseClosedDenialWindows(runner.prisma).catch((error: unknown) => {
      logger().error({ err: error, task: 'denial-summaries' }, 'summarising denied attempts failed; will retry');
    });
  }
  try {
    await integrateQueuedEntries(runner.prisma);
  } catch (error) {
    // The entries stay queued and durable; the next nudge or sweep integrates them.
    logger().error({ err: error, task: 'log-integration' }, 'consent log integration failed; will retry');
  } finally {
    runner.running = null;
    // What was queued meanwhile waits for the next window too, so batches stay large under load
    // (unless the runner was stopped meanwhile).
    if (runner.again && holder.__consentLogIntegrator === runner) {
      runner.again = false;
      schedule(runner);
    }
  }
}

/**
 * Starts integrating in the background: right after every logged transaction (nudge) and every
 * `sweepMs` for entries queued by other instances or left by a crash.
 */
export function startIntegrationRunner(prisma: TDb, sweepMs = 1000): void {
  if (holder.__consentLogIntegrator) return;
  const runner: TRunner = { prisma, running: null, again: false, pending: undefined, timer: undefined, summarisedAt: 0 };
  runner.timer = setInterval(() => void run(runner), sweepMs);
  runner.timer.unref();
  holder.__consentLogIntegrator = runner;
  listenForNudges(() => schedule(runner));
  registerBackgroundWork('log integration', {
    stop: stopIntegrationRunner,
    finish: async () => {
      const integrated = await integrateQueuedEntries(prisma);
      logger().info({ task: 'shutdown', integrated }, 'integrated the queued log entries');
    },
  });
  void run(runner);
}

/** Stops the runner (tests, benchmarks, the app's shutdown); resolves once a batch under way is done. */
export async function stopIntegrationRunner(): Promise<void> {
  const runner = holder.__consentLogIntegrator;
  if (!runner) return;
  clearInterval(runner.timer);
  clearTimeout(runner.pending);
  holder.__consentLogIntegrator = undefined;
  listenForNudges(undefined);
  await runner.running;
}
