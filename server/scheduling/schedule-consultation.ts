import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { berlinLocalToUtc } from '@/server/consultation/berlin-time';
import { type TEnforceContext, enforceOnService } from '@/server/call/enforce-on-service';
import { demandCallEnd } from '@/server/call/call-end';
import { demandRecordingStop } from '@/server/call/recording-stop';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { type TDb, db } from '@/server/db/client';

export const ZScheduleInput = z.object({
  member: z.string().max(40),
  topic: z.string().max(200),
  date: z.string().max(20),
  time: z.string().max(10),
  durationMinutes: z.string().max(4),
  videoServiceId: z.string().max(40),
});
export type TScheduleInput = z.infer<typeof ZScheduleInput>;

export type TScheduleField = 'member' | 'memberUnknown' | 'topic' | 'when' | 'whenPast' | 'durationMinutes' | 'videoServiceId';
export type TScheduleResult =
  { kind: 'scheduled'; consultationId: string } | { kind: 'invalid'; errors: TScheduleField[] } | { kind: 'not-allowed' };

export const DURATIONS = [15, 30, 45, 60, 90] as const;

/**
 * A service compliance has approved but not yet described to members (no published German
 * disclosure, the fallback for every reader) cannot be consented to, so nothing is scheduled on it.
 */
const SCHEDULABLE = { disclosures: { some: { language: 'de' } } } as const;

type TDetails = { topic: string; startsAt: Date; durationMinutes: number; videoServiceId: string };

/** Topic, time on Berlin's clock (not in the past), duration and video service, as both scheduling forms take them. */
async function parseDetails(
  prisma: TDb,
  input: Omit<TScheduleInput, 'member'>,
  now: Date,
): Promise<{ errors: TScheduleField[]; value: TDetails | null }> {
  const errors: TScheduleField[] = [];
  const topic = input.topic.trim();
  if (topic.length < 2 || topic.length > 120) errors.push('topic');
  const startsAt = berlinLocalToUtc(input.date.trim(), input.time.trim());
  if (!startsAt) errors.push('when');
  else if (startsAt.getTime() < now.getTime()) errors.push('whenPast');
  const durationMinutes = Number(input.durationMinutes);
  if (!DURATIONS.includes(durationMinutes as (typeof DURATIONS)[number])) errors.push('durationMinutes');
  const service = ZConsultationId.safeParse(input.videoServiceId).success
    ? await prisma.videoService.findFirst({ where: { id: input.videoServiceId, ...SCHEDULABLE }, select: { id: true } })
    : null;
  if (!service) errors.push('videoServiceId');
  return {
    errors,
    value: errors.length || !startsAt || !service ? null : { topic, startsAt, durationMinutes, videoServiceId: service.id },
  };
}

/**
 * An advisor schedules a video consultation for a member, found by insurance number or company
 * number. The advisor becomes its advisor; the member sees it on their dashboard at once. Logged
 * without the topic (it may hint at health data) and with the member as subject.
 */
export async function scheduleConsultation(actor: TActor, input: TScheduleInput, now = new Date()): Promise<TScheduleResult> {
  if (actor.kind !== 'ADVISOR') return { kind: 'not-allowed' };
  const prisma = await db();
  const errors: TScheduleField[] = [];

  const identifier = classifyLoginIdentifier(input.member);
  const member =
    identifier.kind === 'insurance-number' || identifier.kind === 'company-number'
      ? await prisma.account.findFirst({
          where: { loginName: identifier.value, kind: { in: ['MEMBER', 'EMPLOYER'] } },
          select: { id: true },
        })
      : null;
  if (identifier.kind !== 'insurance-number' && identifier.kind !== 'company-number') errors.push('member');
  else if (!member) errors.push('memberUnknown');

  const details = await parseDetails(prisma, input, now);
  errors.push(...details.errors);
  if (errors.length || !member || !details.value) return { kind: 'invalid', errors };
  const { topic, startsAt, durationMinutes, videoServiceId } = details.value;
  const consultationId = await loggedTransaction(prisma, async (tx) => {
    const created = await tx.consultation.create({
      data: {
        memberId: member.id,
        advisorId: actor.id,
        topic,
        startsAt,
        durationMinutes,
        videoServiceId,
        // Opaque: the room name reveals nothing about the member or the topic.
        room: `cg-${randomBytes(12).toString('hex')}`,
      },
      select: { id: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.consultationScheduled,
      consultationId: created.id,
      payload: { videoServiceId, startsAt: startsAt.toISOString(), durationMinutes, channel: 'web' },
      personal: { actorId: actor.id, subjectId: member.id, ipPseudonym: actor.ipPseudonym },
    });
    return created.id;
  });
  return { kind: 'scheduled', consultationId };
}

export type TCancelResult = { kind: 'cancelled' } | { kind: 'already-cancelled' } | { kind: 'not-found' };

/**
 * Cancels a consultation: by its advisor or by its member, nobody else. From then on there is no
 * join, no call and no recording (server/consent-rules/call-permission.ts). Logged with who cancelled.
 */
export async function cancelConsultation(actor: TActor, consultationId: string): Promise<TCancelResult> {
  if (!ZConsultationId.safeParse(consultationId).success) return { kind: 'not-found' };
  const prisma = await db();
  const result = await loggedTransaction(prisma, async (tx): Promise<TCancelResult> => {
    await lockConsultation(tx, consultationId);
    const ownership =
      actor.kind === 'ADVISOR'
        ? { advisorId: actor.id }
        : actor.kind === 'MEMBER' || actor.kind === 'EMPLOYER'
          ? { memberId: actor.id }
          : null;
    if (!ownership) return { kind: 'not-found' };
    const consultation = await tx.consultation.findFirst({
      where: { id: consultationId, ...ownership },
      select: { id: true, cancelledAt: true },
    });
    if (!consultation) return { kind: 'not-found' };
    if (consultation.cancelledAt) return { kind: 'already-cancelled' };
    const entry = await appendLogEntry(tx, {
      eventType: LOG_EVENT.consultationCancelled,
      consultationId,
      payload: { by: actor.kind === 'ADVISOR' ? 'advisor' : 'member', channel: 'web' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    await tx.consultation.update({ where: { id: consultationId }, data: { cancelledAt: entry.recordedAt } });
    await demandRecordingStop(tx, consultationId, 'cancelled', actor);
    await demandCallEnd(tx, consultationId, 'cancelled', actor);
    return { kind: 'cancelled' };
  });
  if (result.kind === 'cancelled') await enforceOnService(consultationId);
  return result;
}

export type THandOverResult = { kind: 'handed-over'; to: string } | { kind: 'invalid' } | { kind: 'recording' } | { kind: 'not-found' };

/**
 * Hands one of the advisor's consultations to a colleague (absence cover). From then on only the
 * colleague sees it (need-to-know); the member sees who will call. The consent stays as it is.
 */
export async function handOverConsultation(actor: TActor, consultationId: string, colleagueId: string): Promise<THandOverResult> {
  if (actor.kind !== 'ADVISOR' || !ZConsultationId.safeParse(consultationId).success) return { kind: 'not-found' };
  if (!ZConsultationId.safeParse(colleagueId).success || colleagueId === actor.id) return { kind: 'invalid' };
  const prisma = await db();
  return loggedTransaction(prisma, async (tx): Promise<THandOverResult> => {
    await lockConsultation(tx, consultationId);
    const consultation = await tx.consultation.findFirst({
      where: { id: consultationId, advisorId: actor.id, cancelledAt: null },
      select: { id: true, recordingState: true },
    });
    if (!consultation) return { kind: 'not-found' };
    // Whoever declared a running recording confirms its end: it is not handed on mid-recording.
    if (consultation.recordingState === 'RECORDING') return { kind: 'recording' };
    const colleague = await tx.account.findFirst({
      where: { id: colleagueId, kind: 'ADVISOR', deactivatedAt: null },
      select: { id: true, displayName: true },
    });
    if (!colleague) return { kind: 'invalid' };
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.consultationHandedOver,
      consultationId,
      // Who handed to whom are account ids: personal data, so in the erasable part (docs/decisions/0029).
      payload: { channel: 'web' },
      personal: { actorId: actor.id, recipientId: colleague.id, ipPseudonym: actor.ipPseudonym },
    });
    await tx.consultation.update({ where: { id: consultationId }, data: { advisorId: colleague.id } });
    return { kind: 'handed-over', to: colleague.displayName };
  });
}

/** The video services an advisor can schedule a consultation on. */
export async function listVideoServices(actor: TActor) {
  if (actor.kind !== 'ADVISOR') return [];
  return (await db()).videoService.findMany({ where: SCHEDULABLE, orderBy: { name: 'asc' }, select: { id: true, name: true } });
}

/** The colleagues an advisor can hand a consultation to. */
export async function listColleagues(actor: TActor) {
  if (actor.kind !== 'ADVISOR') return [];
  // A leaver (deactivated) can take on nothing: a consultation handed to them would be stranded.
  return (await db()).account.findMany({
    where: { kind: 'ADVISOR', deactivatedAt: null, id: { not: actor.id } },
    orderBy: { displayName: 'asc' },
    select: { id: true, displayName: true },
  });
}

export const ZRescheduleInput = ZScheduleInput.omit({ member: true });
export type TRescheduleResult =
  { kind: 'rescheduled' } | { kind: 'unchanged' } | { kind: 'invalid'; errors: TScheduleField[] } | { kind: 'not-found' };

/**
 * The advisor changes time, duration, topic or video service of an open consultation. A new service
 * means the member must decide again (the consent names the service); a new time does not. Logged
 * with what changed, the topic only as "changed".
 */
export async function rescheduleConsultation(
  actor: TActor,
  consultationId: string,
  input: z.infer<typeof ZRescheduleInput>,
  now = new Date(),
): Promise<TRescheduleResult> {
  if (actor.kind !== 'ADVISOR' || !ZConsultationId.safeParse(consultationId).success) return { kind: 'not-found' };
  const prisma = await db();
  // "In the past" is checked below, and only for a new time: a consultation under way may still get another topic or service.
  const details = await parseDetails(prisma, input, new Date(0));
  const before: TEnforceContext = {};
  const result = await loggedTransaction(prisma, async (tx): Promise<TRescheduleResult> => {
    await lockConsultation(tx, consultationId);
    const current = await tx.consultation.findFirst({
      where: { id: consultationId, advisorId: actor.id, cancelledAt: null },
      select: {
        topic: true,
        startsAt: true,
        durationMinutes: true,
        videoServiceId: true,
        recordingState: true,
        callStartedAt: true,
        roomClosedAt: true,
        videoService: { select: { access: true } },
      },
    });
    if (!current) return { kind: 'not-found' };
    if (!details.value) return { kind: 'invalid', errors: details.errors };
    const next = details.value;
    if (next.startsAt.getTime() !== current.startsAt.getTime() && next.startsAt.getTime() < now.getTime())
      return { kind: 'invalid', errors: ['whenPast'] };
    const changes: { [key: string]: string | number | boolean } = {};
    if (next.startsAt.getTime() !== current.startsAt.getTime()) changes.startsAt = next.startsAt.toISOString();
    if (next.durationMinutes !== current.durationMinutes) changes.durationMinutes = next.durationMinutes;
    if (next.videoServiceId !== current.videoServiceId) changes.videoServiceId = next.videoServiceId;
    if (next.topic !== current.topic) changes.topicChanged = true;
    if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.consultationRescheduled,
      consultationId,
      payload: { changes, channel: 'web' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    // A running call is on the old service, which the member's consent named: it must end, as that service
    // allows (so demanded before the change), and stays on record as running until it has.
    const endDemanded = 'videoServiceId' in changes && (await demandCallEnd(tx, consultationId, 'service-changed', actor));
    // A new time is a new appointment: its call has not started yet (a running recording is left to the stop demand).
    const newTime =
      'startsAt' in changes && current.recordingState !== 'RECORDING' && !endDemanded
        ? { callStartedAt: null, recordingState: 'OFF' as const, recordingChangedAt: null }
        : {};
    await tx.consultation.update({ where: { id: consultationId }, data: { ...next, ...newTime } });
    if ('videoServiceId' in changes) await demandRecordingStop(tx, consultationId, 'service-changed', actor);
    before.roomOnLiveKit = current.videoService.access === 'LIVEKIT';
    before.callWasOpen = current.callStartedAt !== null && current.roomClosedAt === null;
    return { kind: 'rescheduled' };
  });
  if (result.kind === 'rescheduled') await enforceOnService(consultationId, before);
  return result;
}
