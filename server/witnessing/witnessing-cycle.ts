import 'server-only';
import type { TOpenDatabase } from '@/server/db/client';
import { env } from '@/server/env';
import { logger } from '@/server/logging/logger';
import { registerBackgroundWork } from '@/server/observability/background-work';
import { logSigner, signCheckpoint } from '@/server/transparency/checkpoints';
import { storeFullEntryBundles } from '@/server/transparency/tile-store';
import { durabilityProblem } from '@/server/witnessing/durability';
import { type TLeadership, createLeadership } from '@/server/witnessing/leadership';
import { witnessCheckpoint } from '@/server/witnessing/submit-checkpoint';
import { updateLagAlarm } from '@/server/witnessing/witness-alarms';
import { witnessing } from '@/server/witnessing/witness-policy';
import { witnessLag } from '@/server/witnessing/witnessed-checkpoint';

/** While the log grows, its head is signed (and offered to witnesses) about this often (docs/decisions/0056). */
export const CHECKPOINT_INTERVAL_MS = 1_000;

type TCycle = { timer: NodeJS.Timeout | undefined; running: Promise<void> | null; stopped: boolean; leadership: TLeadership };

const holder = globalThis as typeof globalThis & { __logWitnessing?: TCycle };

/**
 * One round: if this instance leads, sign the log's head if it grew, offer the newest checkpoint to the
 * witnesses that lack it, and raise or clear the lag alarm. Exported for tests and benchmarks.
 */
export async function witnessingRound(
  database: Pick<TOpenDatabase, 'prisma' | 'target'>,
  config = witnessing(),
  settings = { lagLimitSeconds: env().WITNESS_LAG_ALARM_SECONDS, durability: env().WITNESS_DURABILITY },
): Promise<void> {
  const { prisma } = database;
  const checkpoint = await signCheckpoint(prisma);
  if (!config) return;
  const notDurable = await durabilityProblem(prisma, database, settings.durability);
  if (notDurable) {
    await prisma.$executeRaw`
      INSERT INTO witness_status (witness_key, problem, problem_since)
      SELECT unnest(${config.witnesses.map((w) => w.key.text)}::text[]), ${`not-durable: ${notDurable}`}, now()
      ON CONFLICT (witness_key) DO UPDATE SET problem = EXCLUDED.problem, problem_since = COALESCE(witness_status.problem_since, now())`;
  } else if (checkpoint) {
    await witnessCheckpoint(prisma, config, checkpoint);
  }
  await updateLagAlarm(prisma, await witnessLag(prisma, config), settings.lagLimitSeconds);
}

/**
 * Signs checkpoints and has them witnessed in the background, one round at a time, a round starting at
 * most every CHECKPOINT_INTERVAL_MS, and keeps the full entry bundles the checkpoints cover ready to send.
 * Every instance runs it; only the leader (advisory lock) acts.
 */
export function startLogWitnessing(database: TOpenDatabase, everyMs = CHECKPOINT_INTERVAL_MS): void {
  if (holder.__logWitnessing || !logSigner()) return;
  witnessing(); // a policy the gateway cannot follow stops the start here
  const cycle: TCycle = { timer: undefined, running: null, stopped: false, leadership: createLeadership(database) };
  holder.__logWitnessing = cycle;
  const schedule = (delay: number) => {
    if (cycle.stopped) return;
    cycle.timer = setTimeout(() => {
      const started = Date.now();
      cycle.running = (async () => {
        if (!(await cycle.leadership.isLeader())) return;
        await witnessingRound(database);
        // After the round, so a backlog (an upgrade, a bulk load) never delays a checkpoint: a batch a round.
        await storeFullEntryBundles(database.prisma);
      })()
        .catch((error: unknown) => {
          // Nothing is lost: the next round signs and offers the head as it is then.
          logger().error({ err: error, task: 'witnessing' }, 'signing or witnessing a checkpoint failed; will retry');
        })
        .finally(() => {
          cycle.running = null;
          schedule(Math.max(0, everyMs - (Date.now() - started)));
        });
    }, delay);
    cycle.timer.unref();
  };
  registerBackgroundWork('checkpoints and witnessing', { stop: stopLogWitnessing });
  schedule(0);
}

/** Stops the rounds (the app's shutdown); resolves once a round under way is done and the leader lock is free. */
export async function stopLogWitnessing(): Promise<void> {
  const cycle = holder.__logWitnessing;
  if (!cycle) return;
  holder.__logWitnessing = undefined;
  cycle.stopped = true;
  clearTimeout(cycle.timer);
  await cycle.running;
  await cycle.leadership.release();
}
