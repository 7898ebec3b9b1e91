import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';
import { registerBackgroundWork } from '@/server/observability/background-work';
import { logger } from '@/server/logging/logger';

export const OVERDUE_SWEEP_MS = 60_000;

type TOverdue = { consultationId: string; dueAt: Date };

/** One case per overdue demand (its deadline is the case's reference, so a second sweep raises none), each logged. */
async function raiseCases(
  prisma: TDb,
  overdue: TOverdue[],
  kind: 'STOP_NOT_CONFIRMED' | 'CALL_NOT_ENDED',
  eventType: typeof LOG_EVENT.stopNotConfirmed | typeof LOG_EVENT.callNotEnded,
): Promise<number> {
  let raised = 0;
  for (const { consultationId, dueAt } of overdue) {
    const externalRef = dueAt.toISOString();
    raised += await loggedTransaction(prisma, async (tx) => {
      const { count } = await tx.violation.createMany({ data: [{ consultationId, kind, externalRef }], skipDuplicates: true });
      if (count) await appendLogEntry(tx, { eventType, consultationId, payload: { dueAt: externalRef, by: 'gateway' } });
      return count;
    });
  }
  return raised;
}

/**
 * Turns every demanded recording stop whose deadline passed unconfirmed into a violation case, once
 * per demand, with a log entry. The advisor's page already shows the overdue stop; this makes it a case
 * compliance must investigate. Returns the cases raised.
 */
export async function raiseOverdueStops(prisma: TDb, now = new Date()): Promise<number> {
  const overdue = await prisma.consultation.findMany({
    where: { recordingState: 'RECORDING', recordingStopDueAt: { lt: now } },
    select: { id: true, recordingStopDueAt: true },
  });
  const demands = overdue.map((c) => ({ consultationId: c.id, dueAt: c.recordingStopDueAt! }));
  return raiseCases(prisma, demands, 'STOP_NOT_CONFIRMED', LOG_EVENT.stopNotConfirmed);
}

/**
 * Turns every demanded end of a running call whose deadline passed unconfirmed (the advisor did not
 * confirm it, and the gateway could not close the room) into a violation case, once per demand.
 */
export async function raiseOverdueCallEnds(prisma: TDb, now = new Date()): Promise<number> {
  const overdue = await prisma.consultation.findMany({
    where: { callStartedAt: { not: null }, callEndedAt: null, callEndDueAt: { lt: now } },
    select: { id: true, callEndDueAt: true },
  });
  const demands = overdue.map((c) => ({ consultationId: c.id, dueAt: c.callEndDueAt! }));
  return raiseCases(prisma, demands, 'CALL_NOT_ENDED', LOG_EVENT.callNotEnded);
}

/** Both sweeps: overdue recording stops and overdue call ends. */
export async function raiseOverdueDemands(prisma: TDb, now = new Date()): Promise<number> {
  return (await raiseOverdueStops(prisma, now)) + (await raiseOverdueCallEnds(prisma, now));
}

const holder = globalThis as typeof globalThis & { __consentGatewaySweeper?: NodeJS.Timeout; __consentGatewaySweep?: Promise<unknown> };

/** Sweeps once a minute in this process (each case is raised once, whichever instance sees it first): stops and call ends. */
export function startOverdueStopSweeper(prisma: TDb, everyMs = OVERDUE_SWEEP_MS): void {
  if (holder.__consentGatewaySweeper) return;
  holder.__consentGatewaySweeper = setInterval(() => {
    holder.__consentGatewaySweep = raiseOverdueDemands(prisma).catch((error: unknown) =>
      logger().error({ err: error, task: 'overdue-stop-sweep' }, 'overdue recording stop sweep failed'),
    );
  }, everyMs);
  holder.__consentGatewaySweeper.unref();
  registerBackgroundWork('overdue stop sweeper', { stop: stopOverdueStopSweeper });
}

/** Stops the sweeper (the app's shutdown); resolves once a sweep under way is done. */
export async function stopOverdueStopSweeper(): Promise<void> {
  clearInterval(holder.__consentGatewaySweeper);
  holder.__consentGatewaySweeper = undefined;
  await holder.__consentGatewaySweep;
}
