import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { db } from '@/server/db/client';
import type { TTx } from '@/server/db/client';

/** How long a call may go on once it may no longer (a withdrawal) before an unconfirmed end is a violation. */
export const CALL_END_GRACE_MS = 60_000;

/** What took away the permission to go on with a running call. */
export type TCallEndCause = 'withdrawn' | 'new-decision' | 'cancelled' | 'service-changed';

/** The call's state as the advisor's page names it: not started, running, must end now, ended. */
export type TCallPhase = 'not-started' | 'running' | 'must-end' | 'ended';

export function callPhase(call: { callStartedAt: Date | null; callEndDueAt: Date | null; callEndedAt: Date | null }): TCallPhase {
  if (!call.callStartedAt) return 'not-started';
  if (call.callEndedAt) return 'ended';
  return call.callEndDueAt ? 'must-end' : 'running';
}

/** A demanded end still unconfirmed after its deadline. */
export function callEndOverdue(call: { callEndDueAt: Date | null; callEndedAt: Date | null }, now = new Date()): boolean {
  return call.callEndedAt === null && call.callEndDueAt !== null && call.callEndDueAt.getTime() < now.getTime();
}

/**
 * Called inside the transaction (under the consultation's lock) of every change after which a call
 * may no longer go on. A call that is running must end at once: on LiveKit the gateway closes the room
 * itself right after the change commits (enforce-on-service.ts), which ends it; on a service the gateway
 * does not control, the advisor's page tells the advisor to end it now and to confirm it, and an end
 * still unconfirmed after the grace period becomes a violation case. The first deadline stands.
 * Whether the call's end is demanded (now, or already by an earlier change).
 */
export async function demandCallEnd(tx: TTx, consultationId: string, cause: TCallEndCause, actor: TActor): Promise<boolean> {
  const call = await tx.consultation.findUniqueOrThrow({
    where: { id: consultationId },
    select: { callStartedAt: true, callEndDueAt: true, callEndedAt: true, videoService: { select: { access: true } } },
  });
  if (callPhase(call) !== 'running') return callPhase(call) === 'must-end';
  const due = new Date(Date.now() + CALL_END_GRACE_MS);
  await tx.consultation.update({ where: { id: consultationId }, data: { callEndDueAt: due } });
  await appendLogEntry(tx, {
    eventType: LOG_EVENT.callEndDemanded,
    consultationId,
    payload: {
      cause,
      dueAt: due.toISOString(),
      control: call.videoService.access === 'LIVEKIT' ? 'livekit-api' : 'advisor-declaration',
      channel: 'web',
    },
    personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
  });
  return true;
}

export type TConfirmCallEndedResult = { kind: 'confirmed'; late: boolean } | { kind: 'not-running' } | { kind: 'not-found' };

/**
 * The advisor's declaration that the call has ended (on a service the gateway cannot end itself, or
 * whenever the advisor ends a call): logged with whether an end was demanded and whether it came late.
 * Only for the advisor's own consultation; a call not running changes and logs nothing.
 */
export async function confirmCallEnded(actor: TActor, consultationId: string): Promise<TConfirmCallEndedResult> {
  if (actor.kind !== 'ADVISOR' || !ZConsultationId.safeParse(consultationId).success) return { kind: 'not-found' };
  const prisma = await db();
  return loggedTransaction(prisma, async (tx): Promise<TConfirmCallEndedResult> => {
    await lockConsultation(tx, consultationId);
    const call = await tx.consultation.findFirst({
      where: { id: consultationId, advisorId: actor.id },
      select: { callStartedAt: true, callEndDueAt: true, callEndedAt: true, videoServiceId: true },
    });
    if (!call) return { kind: 'not-found' };
    const phase = callPhase(call);
    if (phase !== 'running' && phase !== 'must-end') return { kind: 'not-running' };
    const late = callEndOverdue(call);
    const entry = await appendLogEntry(tx, {
      eventType: LOG_EVENT.callEnded,
      consultationId,
      payload: { videoServiceId: call.videoServiceId, by: 'advisor', control: 'advisor-declaration', demanded: phase === 'must-end', late },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    await tx.consultation.update({ where: { id: consultationId }, data: { callEndedAt: entry.recordedAt, callEndDueAt: null } });
    return { kind: 'confirmed', late };
  });
}
