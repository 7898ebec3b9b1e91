import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { getMemberConsultation } from '@/server/consultation/member-consultation';
import { enforceOnService } from '@/server/call/enforce-on-service';
import { demandCallEnd } from '@/server/call/call-end';
import { demandRecordingStop } from '@/server/call/recording-stop';
import { db } from '@/server/db/client';

export const ZWithdrawInput = z.object({
  consultationId: z.uuid(),
  scope: z.enum(['all', 'recording']),
});
export type TWithdrawInput = z.infer<typeof ZWithdrawInput>;

export type TWithdrawResult = { kind: 'withdrawn' } | { kind: 'nothing-to-withdraw' } | { kind: 'not-found' };

/**
 * Withdraws the consent in force (all of it, or only recording). As easy as giving it: one request,
 * at any time, also during the call. Withdrawing what is already withdrawn changes and logs nothing.
 */
export async function withdrawConsent(actor: TActor, input: TWithdrawInput): Promise<TWithdrawResult> {
  const prisma = await db();
  const result = await loggedTransaction(prisma, async (tx): Promise<TWithdrawResult> => {
    // Under the consultation's lock no decision can be recorded between reading the one in force and withdrawing it.
    await lockConsultation(tx, input.consultationId);
    const consultation = await getMemberConsultation(tx, actor, input.consultationId, 'de');
    if (!consultation) return { kind: 'not-found' };
    const decision = consultation.decision;
    if (!decision || decision.outcome !== 'GIVEN' || decision.withdrawnAt) return { kind: 'nothing-to-withdraw' };
    if (input.scope === 'recording' && (!decision.recording || decision.recordingWithdrawnAt)) return { kind: 'nothing-to-withdraw' };

    // No password-letter mark (docs/decisions/0042), unlike a decision: a withdrawal only takes back what
    // was allowed, so whoever made it, nothing is disclosed or recorded on the member's behalf, the call
    // simply does not go ahead, and the member can consent again. Marking it would send advisors and
    // compliance after entries that cannot have harmed the member.
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
    await demandRecordingStop(tx, consultation.id, input.scope === 'all' ? 'withdrawn' : 'recording-withdrawn', actor);
    // Without the transmission consent the call itself may not go on: a running one must end now.
    if (input.scope === 'all') await demandCallEnd(tx, consultation.id, 'withdrawn', actor);
    return { kind: 'withdrawn' };
  });
  // Where the gateway controls the service, the recording stops and (on a full withdrawal) the room closes now.
  if (result.kind === 'withdrawn') await enforceOnService(input.consultationId);
  return result;
}
