import 'server-only';
import { z } from 'zod';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';

export type TWithdrawalEntry = { decisionId: string; scope: 'all' | 'recording'; at: Date; queueId: bigint };

const WITHDRAWAL_EVENTS = [LOG_EVENT.consentWithdrawn, LOG_EVENT.recordingWithdrawn];
const ZWithdrawalPayload = z.object({ decisionId: z.uuid() });

/**
 * The log entries that withdrew these decisions (queued or already in the chain), oldest first: a
 * decision row keeps only the withdrawal's time, its receipt needs the entry's queue id. The caller
 * passes only decisions it has already found for the member, and an entry counts only if it names
 * one of them on one of their consultations, so nobody else's entry is ever returned.
 */
export async function listWithdrawalEntries(
  prisma: TDb,
  decisions: readonly { id: string; consultationId: string }[],
): Promise<TWithdrawalEntry[]> {
  if (!decisions.length) return [];
  const consultationOf = new Map(decisions.map((d) => [d.id, d.consultationId]));
  const where = { consultationId: { in: [...new Set(consultationOf.values())] }, eventType: { in: WITHDRAWAL_EVENTS } };
  const select = { recordedAt: true, eventType: true, consultationId: true, payload: true } as const;
  // The queue first: an entry integrated in between is then found in the log, and listed once.
  const queued = await prisma.logQueueEntry.findMany({ where, select: { id: true, ...select } });
  const integrated = await prisma.logEntry.findMany({ where, select: { queueId: true, ...select } });
  const byQueueId = new Map<bigint, TWithdrawalEntry>();
  for (const entry of [...queued.map((q) => ({ ...q, queueId: q.id })), ...integrated]) {
    const payload = ZWithdrawalPayload.safeParse(entry.payload);
    if (!payload.success || consultationOf.get(payload.data.decisionId) !== entry.consultationId) continue;
    const scope = entry.eventType === LOG_EVENT.consentWithdrawn ? 'all' : 'recording';
    byQueueId.set(entry.queueId, { decisionId: payload.data.decisionId, scope, at: entry.recordedAt, queueId: entry.queueId });
  }
  return [...byQueueId.values()].sort((a, b) => (a.queueId < b.queueId ? -1 : 1));
}
