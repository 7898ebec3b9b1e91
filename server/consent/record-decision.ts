import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { readServedToken } from '@/server/consent/served-token';
import { consentStatements, serviceFacts, serviceFactsHash, termsDigest } from '@/server/consent/consent-terms';
import { disclosureInLanguage, getMemberConsultation } from '@/server/consultation/member-consultation';
import { sha256Hex } from '@/server/crypto/sha256';
import { db } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';

const checkbox = z.literal('yes').optional();

/** The consent form, shared by the page and its action. Checkboxes are absent unless ticked. */
export const ZRecordDecisionInput = z.object({
  consultationId: z.uuid(),
  servedToken: z.string().min(1).max(2000),
  intent: z.enum(['consent', 'refuse']),
  transmission: checkbox,
  thirdCountryTransfer: checkbox,
  recording: checkbox,
});
export type TRecordDecisionInput = z.infer<typeof ZRecordDecisionInput>;

export type TDecisionFieldError = 'transmission' | 'thirdCountryTransfer' | 'recording';

export type TRecordDecisionResult =
  | { kind: 'recorded'; decisionId: string; outcome: 'GIVEN' | 'REFUSED'; duplicate: boolean }
  | { kind: 'disclosure-changed' }
  | { kind: 'invalid'; fields: TDecisionFieldError[] }
  | { kind: 'bad-token' }
  /** This page was already used for a different decision: reload to see and change the one in force. */
  | { kind: 'page-used' }
  | { kind: 'not-found' };

type TStoredChoices = { id: string; outcome: 'GIVEN' | 'REFUSED'; memberId: string; transmission: boolean; thirdCountryTransfer: boolean | null; recording: boolean };

/** A page submitted again: the same decision is the first one's result; a different one is refused. */
function sameDecisionAgain(
  stored: TStoredChoices,
  actorId: string,
  choices: { transmission: boolean; thirdCountryTransfer: boolean | null; recording: boolean },
): TRecordDecisionResult {
  if (stored.memberId !== actorId) return { kind: 'bad-token' };
  const same =
    stored.transmission === choices.transmission && stored.thirdCountryTransfer === choices.thirdCountryTransfer && stored.recording === choices.recording;
  return same ? { kind: 'recorded', decisionId: stored.id, outcome: stored.outcome, duplicate: true } : { kind: 'page-used' };
}

/**
 * Records a member's decision on a consultation, bound to the disclosure version, service facts and
 * sentences the page showed (the served token). Submitting the same page again with the same choices
 * returns the first result and writes nothing, with other choices it is refused; a page showing an
 * outdated text or outdated facts is answered with "the text has changed".
 */
export async function recordDecision(actor: TActor, input: TRecordDecisionInput): Promise<TRecordDecisionResult> {
  const token = readServedToken(input.servedToken);
  if (!token.ok) return { kind: 'bad-token' };
  const claims = token.claims;
  if (claims.m !== actor.id || claims.c !== input.consultationId) return { kind: 'bad-token' };

  const prisma = await db();
  const consultation = await getMemberConsultation(prisma, actor, input.consultationId, claims.l);
  if (!consultation) return { kind: 'not-found' };

  const thirdCountry = consultation.videoService.processingRegion === 'THIRD_COUNTRY';
  const consenting = input.intent === 'consent';
  const choices = {
    transmission: consenting,
    thirdCountryTransfer: thirdCountry ? consenting : null,
    recording: consenting && input.recording === 'yes',
  };

  const existing = await prisma.consentDecision.findUnique({
    where: { servedNonce: claims.n },
    select: { id: true, outcome: true, memberId: true, transmission: true, thirdCountryTransfer: true, recording: true },
  });
  if (existing) return sameDecisionAgain(existing, actor.id, choices);

  const shown = await prisma.disclosureVersion.findFirst({
    where: { id: claims.d, contentHash: claims.h, videoServiceId: consultation.videoService.id },
    select: { id: true, contentHash: true, language: true },
  });
  if (!shown) return { kind: 'bad-token' };
  // The page showed the newest text in its language, and the service facts and sentences of today.
  const current = await disclosureInLanguage(prisma, consultation, claims.l);
  if (current?.id !== shown.id || termsDigest(claims.l, consultation.videoService, actor.kind) !== claims.s) {
    return { kind: 'disclosure-changed' };
  }

  if (consenting) {
    const fields: TDecisionFieldError[] = [];
    if (!input.transmission) fields.push('transmission');
    if (thirdCountry && !input.thirdCountryTransfer) fields.push('thirdCountryTransfer');
    if (input.recording && !consultation.videoService.canRecord) fields.push('recording');
    if (fields.length) return { kind: 'invalid', fields };
  }

  const outcome = consenting ? 'GIVEN' : 'REFUSED';
  const alternative = consenting ? null : 'phone';
  const servedAt = new Date(claims.t);

  try {
    const decisionId = randomUUID();
    await loggedTransaction(prisma, async (tx) => {
      await lockConsultation(tx, consultation.id);
      const entry = await appendLogEntry(tx, {
        eventType: consenting ? LOG_EVENT.consentGiven : LOG_EVENT.consentRefused,
        consultationId: consultation.id,
        payload: {
          decisionId,
          videoServiceId: consultation.videoService.id,
          disclosure: { versionId: shown.id, hash: shown.contentHash, language: shown.language },
          served: { at: servedAt.toISOString(), nonce: claims.n, tokenDigest: sha256Hex(input.servedToken) },
          choices,
          alternative,
          terms: {
            facts: serviceFacts(consultation.videoService),
            statements: consentStatements(claims.l, consultation.videoService, actor.kind),
            digest: claims.s,
          },
          channel: 'web',
        },
        personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
      });
      await tx.consentDecision.create({
        data: {
          id: decisionId,
          consultationId: consultation.id,
          memberId: actor.id,
          videoServiceId: consultation.videoService.id,
          disclosureVersionId: shown.id,
          disclosureHash: shown.contentHash,
          serviceFactsHash: serviceFactsHash(consultation.videoService),
          language: shown.language,
          outcome,
          ...choices,
          alternative,
          servedNonce: claims.n,
          servedAt,
          decidedAt: entry.recordedAt,
          logQueueId: entry.queueId,
        },
      });
    });
    return { kind: 'recorded', decisionId, outcome, duplicate: false };
  } catch (error) {
    // Two submissions of one page raced: the other one won and is the answer.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const winner = await prisma.consentDecision.findUnique({
        where: { servedNonce: claims.n },
        select: { id: true, outcome: true, memberId: true, transmission: true, thirdCountryTransfer: true, recording: true },
      });
      if (winner) return sameDecisionAgain(winner, actor.id, choices);
    }
    throw error;
  }
}
