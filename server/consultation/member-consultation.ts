import 'server-only';
import { z } from 'zod';
import type { TActor } from '@/server/auth/current-actor';
import { type TConsentEvaluation, evaluateConsent } from '@/server/consent-rules/call-permission';
import { serviceFactsHash } from '@/server/consent-rules/consent-terms';
import { type TDisclosure, currentDisclosure } from '@/server/disclosure/current-disclosure';
import type { TDb, TTx } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';

export const ZConsultationId = z.uuid();

export const CONSULTATION_SELECT = {
  id: true,
  topic: true,
  startsAt: true,
  durationMinutes: true,
  room: true,
  cancelledAt: true,
  callbackPhone: true,
  advisor: { select: { displayName: true } },
  member: { select: { displayName: true } },
  videoService: {
    select: {
      id: true,
      key: true,
      name: true,
      operator: true,
      processingRegion: true,
      thirdCountries: true,
      endToEndEncrypted: true,
      canRecord: true,
      joinUrlTemplate: true,
      access: true,
      jitsiAppId: true,
    },
  },
  decisions: {
    orderBy: { logQueueId: 'desc' },
    take: 1,
    select: {
      id: true,
      outcome: true,
      transmission: true,
      thirdCountryTransfer: true,
      recording: true,
      alternative: true,
      videoServiceId: true,
      serviceFactsHash: true,
      disclosureHash: true,
      language: true,
      decidedAt: true,
      withdrawnAt: true,
      recordingWithdrawnAt: true,
      disclosureVersion: { select: { version: true } },
    },
  },
} as const satisfies Prisma.ConsultationSelect;

type TRow = Prisma.ConsultationGetPayload<{ select: typeof CONSULTATION_SELECT }>;

export type TMemberConsultation = Omit<TRow, 'decisions' | 'room'> & {
  room: string;
  decision: TRow['decisions'][number] | null;
  evaluation: TConsentEvaluation;
};

function isMemberActor(actor: TActor): boolean {
  return actor.kind === 'MEMBER' || actor.kind === 'EMPLOYER';
}

/** Adds the newest decision's evaluation against the service's current disclosure. */
export async function withEvaluation<R extends Pick<TRow, 'videoService' | 'cancelledAt' | 'decisions'>>(
  prisma: TDb | TTx,
  row: R,
  language: string,
): Promise<
  Omit<R, 'decisions'> & { decision: R['decisions'][number] | null } & Pick<TMemberConsultation, 'evaluation'> & {
      disclosure: TDisclosure | null;
      disclosureLookedUpIn: string;
    }
> {
  const { decisions, ...rest } = row;
  const decision = decisions[0] ?? null;
  const disclosureLookedUpIn = decision?.language ?? language;
  const disclosure = await currentDisclosure(prisma, row.videoService.id, disclosureLookedUpIn);
  const evaluation = evaluateConsent(decision, {
    videoServiceId: row.videoService.id,
    serviceFactsHash: serviceFactsHash(row.videoService),
    thirdCountry: row.videoService.processingRegion === 'THIRD_COUNTRY',
    canRecord: row.videoService.canRecord,
    currentDisclosureHash: disclosure?.contentHash ?? null,
    cancelled: row.cancelledAt !== null,
  });
  return { ...rest, decision, evaluation, disclosure, disclosureLookedUpIn };
}

/**
 * The current disclosure of the consultation's service in `language`. The one already loaded with the
 * consultation is reused when it was looked up in that language.
 */
export async function disclosureInLanguage(
  prisma: TDb | TTx,
  consultation: Pick<TRow, 'videoService'> & { disclosure: TDisclosure | null; disclosureLookedUpIn: string },
  language: string,
): Promise<TDisclosure | null> {
  return consultation.disclosureLookedUpIn === language
    ? consultation.disclosure
    : currentDisclosure(prisma, consultation.videoService.id, language);
}

/**
 * One consultation of the signed-in member, with the newest decision and what it allows now.
 * Another member's consultation is simply not found.
 */
export async function getMemberConsultation(prisma: TDb | TTx, actor: TActor, consultationId: string, language: string) {
  if (!isMemberActor(actor) || !ZConsultationId.safeParse(consultationId).success) return null;
  const row = await prisma.consultation.findFirst({ where: { id: consultationId, memberId: actor.id }, select: CONSULTATION_SELECT });
  return row ? withEvaluation(prisma, row, language) : null;
}

/** The member's consultations from an hour ago on, soonest first. */
export async function listMemberConsultations(prisma: TDb, actor: TActor, language: string, now = new Date()) {
  if (!isMemberActor(actor)) return [];
  const rows = await prisma.consultation.findMany({
    where: { memberId: actor.id, cancelledAt: null, startsAt: { gte: new Date(now.getTime() - 60 * 60 * 1000) } },
    orderBy: { startsAt: 'asc' },
    take: 50,
    select: CONSULTATION_SELECT,
  });
  return Promise.all(rows.map((row) => withEvaluation(prisma, row, language)));
}
