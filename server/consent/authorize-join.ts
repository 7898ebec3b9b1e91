import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { countDenial } from '@/server/audit-log/denied-attempts';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import type { TDenialReason } from '@/server/consent-rules/call-permission';
import { ZConsultationId, getMemberConsultation } from '@/server/consultation/member-consultation';
import { db } from '@/server/db/client';
import { accessUrl } from '@/server/video/service-access';

export type TJoinDecision =
  | { allowed: true; url: string }
  | { allowed: false; reason: 'not-found'; consultationId: null }
  | { allowed: false; reason: TDenialReason; consultationId: string };

/**
 * The member's "join video call": checks the consent at this moment and logs the attempt, allowed
 * or denied, in the same transaction as the check's outcome (a denial after the first in its window is
 * counted there and logged with the window's count, 0051).
 */
export async function authorizeJoin(actor: TActor, rawConsultationId: string, now = new Date()): Promise<TJoinDecision> {
  const prisma = await db();
  const consultationId = ZConsultationId.safeParse(rawConsultationId).success ? rawConsultationId : null;
  const personal = { actorId: actor.id, ipPseudonym: actor.ipPseudonym };

  return loggedTransaction(prisma, async (tx) => {
    // The consent as it is at this moment: no withdrawal can commit between this check and its entry.
    if (consultationId) await lockConsultation(tx, consultationId);
    const consultation = consultationId ? await getMemberConsultation(tx, actor, consultationId, 'de') : null;
    // Whether this denial is the first of its window, to be logged in full; later ones are only counted.
    const firstDenial = async (linkedTo: string | null, reason: string) =>
      (await countDenial(
        tx,
        { eventType: LOG_EVENT.joinDenied, actorId: actor.id, consultationId: linkedTo, reason, ipPseudonym: actor.ipPseudonym },
        now,
      )) === 'log';
    if (!consultation) {
      // Not the member's consultation (or no such one): logged without linking it to any call; after the
      // first in a window, counted into one summary entry (0051).
      if (await firstDenial(null, 'not-found')) {
        await appendLogEntry(tx, { eventType: LOG_EVENT.joinDenied, payload: { reason: 'not-found', channel: 'web' }, personal });
      }
      return { allowed: false, reason: 'not-found', consultationId: null } as const;
    }
    const { call } = consultation.evaluation;
    if (call.allowed || (await firstDenial(consultation.id, call.reason))) {
      await appendLogEntry(tx, {
        eventType: call.allowed ? LOG_EVENT.joinAllowed : LOG_EVENT.joinDenied,
        consultationId: consultation.id,
        payload: {
          decisionId: consultation.decision?.id ?? null,
          videoServiceId: consultation.videoService.id,
          ...(call.allowed ? {} : { reason: call.reason }),
          channel: 'web',
        },
        personal,
      });
    }
    const participant = {
      id: actor.id,
      name: actor.displayName,
      role: 'member',
      recordingAllowed: consultation.evaluation.recording.allowed,
    } as const;
    return call.allowed
      ? ({ allowed: true, url: await accessUrl(consultation.videoService, consultation.room, participant) } as const)
      : ({ allowed: false, reason: call.reason, consultationId: consultation.id } as const);
  });
}
