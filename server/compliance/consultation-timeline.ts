import 'server-only';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';
import type { TDirectSql } from '@/server/db/direct-sql';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { type TLetterRequester, letterMarkOf } from '@/server/consent/letter-mark';
import type { Prisma } from '@/server/db/generated/client';
import { READ_TO_CONFIRM, type TReadArrival } from '@/server/request/read-arrival';

/** What compliance needs to know about the call itself: no topic, no phone number, the member only by id. */
const TIMELINE_CONSULTATION_SELECT = {
  id: true,
  memberId: true,
  startsAt: true,
  durationMinutes: true,
  cancelledAt: true,
  callStartedAt: true,
  recordingState: true,
  videoService: { select: { name: true, key: true } },
  advisor: { select: { displayName: true } },
} satisfies Prisma.ConsultationSelect;

export type TTimelineEntry = {
  /** Null while the entry waits for integration into the chain. */
  seq: bigint | null;
  recordedAt: Date;
  eventType: string;
  payload: TCanonicalValue;
  leafHash: string | null;
  /** A decision made right after a password letter: who had requested the letter (docs/decisions/0042). */
  afterPasswordLetter: TLetterRequester | null;
};

/**
 * A consultation's story for compliance, in the order it happened: disclosure served and decided,
 * joins, call and recording transitions, withdrawals, and earlier reads by compliance. Opening it is a
 * read of personal data and is logged first, so the new entry is part of what the officer sees;
 * asked for from elsewhere than the gateway's own pages, it waits for the officer to confirm (0052).
 */
export async function consultationTimeline(prisma: TDb, direct: TDirectSql, actor: TActor, consultationId: string, arrival: TReadArrival) {
  if (actor.kind !== 'COMPLIANCE' || !ZConsultationId.safeParse(consultationId).success) return null;
  const consultation = await prisma.consultation.findUnique({ where: { id: consultationId }, select: TIMELINE_CONSULTATION_SELECT });
  if (!consultation) return null;
  if (arrival !== 'own-page') return READ_TO_CONFIRM;
  await appendLogEntryAlone(direct, {
    eventType: LOG_EVENT.timelineViewed,
    consultationId,
    payload: { channel: 'web' },
    personal: { actorId: actor.id, subjectId: consultation.memberId, ipPseudonym: actor.ipPseudonym },
  });
  // The queue first: an entry integrated in between is then found in the log, and listed once.
  const queued = await prisma.logQueueEntry.findMany({
    where: { consultationId },
    orderBy: { id: 'asc' },
    select: { id: true, recordedAt: true, eventType: true, payload: true },
  });
  const integrated = await prisma.logEntry.findMany({
    where: { consultationId },
    orderBy: { seq: 'asc' },
    select: { queueId: true, seq: true, recordedAt: true, eventType: true, payload: true, leafHash: true },
  });
  const inChain = new Set(integrated.map((e) => e.queueId));
  const entries: TTimelineEntry[] = [
    ...integrated.map((e) => ({
      seq: e.seq,
      recordedAt: e.recordedAt,
      eventType: e.eventType,
      payload: e.payload as TCanonicalValue,
      leafHash: e.leafHash,
      afterPasswordLetter: letterMarkOf(e.payload),
    })),
    ...queued
      .filter((q) => !inChain.has(q.id))
      .map((q) => ({
        seq: null,
        recordedAt: q.recordedAt,
        eventType: q.eventType,
        payload: q.payload as TCanonicalValue,
        leafHash: null,
        afterPasswordLetter: letterMarkOf(q.payload),
      })),
  ];
  return { consultation, entries };
}

/**
 * A disclosure version exactly as it was published, if the consultation's member decided on it: what
 * the timeline links to as "the text shown".
 */
export async function disclosureShownInConsultation(prisma: TDb, actor: TActor, consultationId: string, versionId: string) {
  if (actor.kind !== 'COMPLIANCE' || !ZConsultationId.safeParse(consultationId).success || !ZConsultationId.safeParse(versionId).success)
    return null;
  const decided = await prisma.consentDecision.findFirst({
    where: { consultationId, disclosureVersionId: versionId },
    select: { id: true },
  });
  if (!decided) return null;
  return prisma.disclosureVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      language: true,
      version: true,
      title: true,
      body: true,
      contentHash: true,
      publishedAt: true,
      videoService: { select: { name: true } },
    },
  });
}
