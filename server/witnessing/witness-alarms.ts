import 'server-only';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { queueEntryCtes } from '@/server/audit-log/append-log-entry';
import { nudgeIntegration } from '@/server/audit-log/integration-nudge';
import type { TDb } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import { logger } from '@/server/logging/logger';
import type { TWitness } from '@/server/witnessing/witness-policy';

/** A witness's refusal that shows this log forked or was rolled back behind what it cosigned. */
export type TWitnessAlarm = 'inconsistent' | 'rollback';

/**
 * Raises a witness's alarm once: the flag and its log entry in one statement, so instances racing (or a
 * verification beside the submitter) log it once. Returns whether this call raised it.
 */
export async function raiseWitnessAlarm(
  prisma: TDb,
  witness: TWitness,
  alarm: TWitnessAlarm,
  sizes: { witnessSize: number; logSize: number },
): Promise<boolean> {
  const ctes = queueEntryCtes(
    { eventType: LOG_EVENT.witnessRefused, payload: { witness: witness.key.text, reason: alarm, ...sizes } },
    Prisma.sql`raised`,
  );
  const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
    WITH raised AS (
      INSERT INTO witness_status (witness_key, alarm, alarm_at) VALUES (${witness.key.text}, ${alarm}, now())
      ON CONFLICT (witness_key) DO UPDATE SET alarm = EXCLUDED.alarm, alarm_at = EXCLUDED.alarm_at WHERE witness_status.alarm IS NULL
      RETURNING 1),
    ${ctes}
    SELECT count(*) AS n FROM queued`;
  const raised = Number(row?.n ?? 0) > 0;
  if (raised) {
    nudgeIntegration();
    logger().error({ task: 'witnessing', witness: witness.name, alarm, ...sizes }, 'a witness refused the log: fork or rollback');
  }
  return raised;
}

/**
 * Raises or clears the lag alarm (one row), logging each change once. `lagSeconds` null: nothing is
 * waiting for witnesses.
 */
export async function updateLagAlarm(
  prisma: TDb,
  lag: { lagSeconds: number; witnessedSize: number; logSize: number },
  limitSeconds: number,
) {
  const over = lag.lagSeconds > limitSeconds;
  const eventType = over ? LOG_EVENT.witnessLagAlarm : LOG_EVENT.witnessLagCleared;
  const ctes = queueEntryCtes({ eventType, payload: { ...lag, limitSeconds } }, Prisma.sql`changed`);
  const [row] = over
    ? await prisma.$queryRaw<{ n: bigint }[]>`
        WITH changed AS (UPDATE witness_lag SET raised_at = now() WHERE id = 1 AND raised_at IS NULL RETURNING 1), ${ctes}
        SELECT count(*) AS n FROM queued`
    : await prisma.$queryRaw<{ n: bigint }[]>`
        WITH changed AS (UPDATE witness_lag SET raised_at = NULL WHERE id = 1 AND raised_at IS NOT NULL RETURNING 1), ${ctes}
        SELECT count(*) AS n FROM queued`;
  if (Number(row?.n ?? 0) > 0) {
    nudgeIntegration();
    logger().warn({ task: 'witnessing', ...lag, limitSeconds }, over ? 'witnessing lags behind the log' : 'witnessing caught up');
  }
}
