import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { getAdvisorConsultation } from '@/server/call/advisor-consultation';
import type { TDenialReason } from '@/server/consent/call-permission';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { db } from '@/server/db/client';
import { accessUrl } from '@/server/video/service-access';

export const ZCallAction = z.enum(['start-call', 'start-recording', 'stop-recording']);
export type TCallAction = z.infer<typeof ZCallAction>;

/** Why a call or recording step was refused: the consent's reason, or the recording state's. */
export type TCallDenial = TDenialReason | 'call-not-started' | 'already-recording' | 'not-recording';

export type TCallActionResult =
  | { kind: 'done'; action: TCallAction; url: string | null }
  | { kind: 'denied'; action: TCallAction; reason: TCallDenial }
  | { kind: 'not-found' };

const DENIED_EVENT = {
  'start-call': LOG_EVENT.callStartDenied,
  'start-recording': LOG_EVENT.recordingStartDenied,
  'stop-recording': LOG_EVENT.recordingStopDenied,
} as const;

/**
 * The advisor's "start call", "start recording" and "recording stopped", checked at this moment under
 * the consultation's lock by the same consent rule as the member's join (evaluateConsent), and logged
 * with the advisor's id whether allowed or denied. Recording is a small state machine:
 * off → recording → stopped (→ recording again, only while the consent allows it).
 */
export async function performCallAction(actor: TActor, rawConsultationId: string, action: TCallAction): Promise<TCallActionResult> {
  const prisma = await db();
  const consultationId = ZConsultationId.safeParse(rawConsultationId).success ? rawConsultationId : null;
  const personal = { actorId: actor.id, ipPseudonym: actor.ipPseudonym };

  return loggedTransaction(prisma, async (tx): Promise<TCallActionResult> => {
    if (consultationId) await lockConsultation(tx, consultationId);
    const consultation = consultationId ? await getAdvisorConsultation(tx, actor, consultationId) : null;
    if (!consultation) {
      // Not the advisor's consultation (or none): logged without linking it to any call.
      await appendLogEntry(tx, { eventType: DENIED_EVENT[action], payload: { reason: 'not-found', channel: 'web' }, personal });
      return { kind: 'not-found' };
    }
    const { evaluation } = consultation;
    const base = { decisionId: consultation.decision?.id ?? null, videoServiceId: consultation.videoService.id, channel: 'web' };
    const deny = async (reason: TCallDenial): Promise<TCallActionResult> => {
      await appendLogEntry(tx, { eventType: DENIED_EVENT[action], consultationId: consultation.id, payload: { ...base, reason }, personal });
      return { kind: 'denied', action, reason };
    };
    const now = new Date();

    if (action === 'start-call') {
      if (!evaluation.call.allowed) return deny(evaluation.call.reason);
      await appendLogEntry(tx, { eventType: LOG_EVENT.callStartAllowed, consultationId: consultation.id, payload: base, personal });
      if (!consultation.callStartedAt) await tx.consultation.update({ where: { id: consultation.id }, data: { callStartedAt: now } });
      const participant = { id: actor.id, name: actor.displayName, role: 'advisor', recordingAllowed: evaluation.recording.allowed } as const;
      return { kind: 'done', action, url: await accessUrl(consultation.videoService, consultation.room, participant) };
    }

    if (action === 'start-recording') {
      if (!consultation.callStartedAt) return deny('call-not-started');
      if (consultation.recordingState === 'RECORDING') return deny('already-recording');
      if (!evaluation.recording.allowed) return deny(evaluation.recording.reason);
      const entry = await appendLogEntry(tx, {
        eventType: LOG_EVENT.recordingStarted,
        consultationId: consultation.id,
        // The gateway cannot control a plain-link service: the start is the advisor's declaration.
        payload: { ...base, from: consultation.recordingState, control: 'advisor-declaration' },
        personal,
      });
      await tx.consultation.update({
        where: { id: consultation.id },
        data: { recordingState: 'RECORDING', recordingChangedAt: entry.recordedAt, recordingStopDueAt: null },
      });
      return { kind: 'done', action, url: null };
    }

    if (consultation.recordingState !== 'RECORDING') return deny('not-recording');
    const due = consultation.recordingStopDueAt;
    const entry = await appendLogEntry(tx, {
      eventType: LOG_EVENT.recordingStopped,
      consultationId: consultation.id,
      payload: {
        ...base,
        control: 'advisor-declaration',
        // Whether the member's withdrawal demanded this stop, and whether it came after the deadline.
        demanded: due !== null,
        late: due !== null && due.getTime() < now.getTime(),
      },
      personal,
    });
    await tx.consultation.update({
      where: { id: consultation.id },
      data: { recordingState: 'STOPPED', recordingChangedAt: entry.recordedAt, recordingStopDueAt: null },
    });
    return { kind: 'done', action, url: null };
  });
}
