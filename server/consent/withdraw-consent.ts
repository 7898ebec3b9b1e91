import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { getMemberConsultation } from '@/server/consultation/member-consultation';
import { RECORDING_STOP_GRACE_MS } from '@/server/call/advisor-consultation';
import { type TTx, db } from '@/server/db/client';

export const ZWithdrawInput = z.object({
  consultationId: z.uuid(),
  scope: z.enum(['all', 'recording']),
});
export type TWithdrawInput = z.infer<typeof ZWithdrawInput>;

export type TWithdrawResult = { kind: 'withdrawn' } | { kind: 'nothing-to-withdraw' } | { kind: 'not-found' };

/**
 * A recording running when its consent ends must stop at once. The gateway cannot stop it on a
 * service it does not control, so the advisor must confirm the stop within the grace period; after
 * that the advisor's page shows a violation (server/call/advisor-consultation.ts).
 */
async function demandRecordingStop(tx: TTx, consultationId: string, at: Date, scope: 'all' | 'recording', actor: TActor): Promise<void> {
  const call = await tx.consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { recordingState: true } });
  if (call.recordingState !== 'RECORDING') return;
  const due = new Date(at.getTime() + RECORDING_STOP_GRACE_MS);
  await tx.consultation.update({ where: { id: consultationId }, data: { recordingStopDueAt: due } });
  await appendLogEntry(tx, {
    eventType: LOG_EVENT.recordingStopDemanded,
    consultationId,
    payload: { scope, dueAt: due.toISOString(), control: 'advisor-declaration', channel: 'web' },
    personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
  });
}

/**
 * Withdraws the consent in force (all of it, or only recording). As easy as giving it: one request,
 * at any time, also during the call. Withdrawing what is already withdrawn changes and logs nothing.
 */
export async function withdrawConsent(actor: TActor, input: TWithdrawInput): Promise<TWithdrawResult> {
  const prisma = await db();
  return loggedTransaction(prisma, async (tx): Promise<TWithdrawResult> => {
    // Under the consultation's lock no decision can be recorded between reading the one in force and withdrawing it.
    await lockConsultation(tx, input.consultationId);
    const consultation = await getMemberConsultation(tx, actor, input.consultationId, 'de');
    if (!consultation) return { kind: 'not-found' };
    const decision = consultation.decision;
    if (!decision || decision.outcome !== 'GIVEN' || decision.withdrawnAt) return { kind: 'nothing-to-withdraw' };
    if (input.scope === 'recording' && (!decision.recording || decision.recordingWithdrawnAt)) return { kind: 'nothing-to-withdraw' };

    const entry = await appendLogEntry(tx, {
      eventType: input.scope === 'all' ? LOG_EVENT.consentWithdrawn : LOG_EVENT.recordingWithdrawn,
      consultationId: consultation.id,
      payload: { decisionId: decision.id, scope: input.scope, channel: 'web' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    await tx.consentDecision.update({
      where: { id: decision.id },
      data: input.scope === 'all' ? { withdrawnAt: entry.recordedAt } : { recordingWithdrawnAt: entry.recordedAt },
    });
    await demandRecordingStop(tx, consultation.id, entry.recordedAt, input.scope, actor);
    return { kind: 'withdrawn' };
  });
}
