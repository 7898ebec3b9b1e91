import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { loggedTransaction, queueEntryCtes } from '@/server/audit-log/append-log-entry';
import { enforceOnService } from '@/server/call/enforce-on-service';
import { demandCallEnd } from '@/server/call/call-end';
import { demandRecordingStop } from '@/server/call/recording-stop';
import { lockConsultation } from '@/server/consultation/lock-consultation';
import { nudgeIntegration } from '@/server/audit-log/integration-nudge';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { MEMBER_KINDS } from '@/server/auth/account-kinds';
import type { TActor } from '@/server/auth/current-actor';
import { normaliseCallbackPhone } from '@/server/consent/callback-phone';
import { loadDecisionContext } from '@/server/consent/decision-context';
import { readServedToken } from '@/server/consent/served-token';
import { consentStatements, serviceFacts, serviceFactsHash, termsDigest } from '@/server/consent-rules/consent-terms';
import { sha256Hex } from '@/server/crypto/sha256';
import { type TDb, db, directDb } from '@/server/db/client';
import { prepared } from '@/server/db/direct-sql';
import { isUniqueViolation } from '@/server/db/unique-violation';
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
  /** The number for the phone consultation; needed when declining video. */
  phone: z.string().max(40).optional(),
});
export type TRecordDecisionInput = z.infer<typeof ZRecordDecisionInput>;

export type TDecisionFieldError = 'transmission' | 'thirdCountryTransfer' | 'recording' | 'phone';

export type TRecordDecisionResult =
  | { kind: 'recorded'; decisionId: string; outcome: 'GIVEN' | 'REFUSED'; duplicate: boolean }
  | { kind: 'disclosure-changed' }
  | { kind: 'invalid'; fields: TDecisionFieldError[] }
  | { kind: 'bad-token' }
  /** This page was already used for a different decision: reload to see and change the one in force. */
  | { kind: 'page-used' }
  | { kind: 'not-found' };

/**
 * A page submitted again: the same decision is the first one's result; a different one is refused. The
 * first decision keeps its password-letter mark (or none), whichever session the repeat comes from:
 * nothing is written for a repeat, so nothing about it needs marking.
 */
async function sameDecisionAgain(
  prisma: TDb,
  servedNonce: string,
  actorId: string,
  choices: { transmission: boolean; thirdCountryTransfer: boolean | null; recording: boolean },
): Promise<TRecordDecisionResult> {
  const stored = await prisma.consentDecision.findUnique({
    where: { servedNonce },
    select: { id: true, outcome: true, memberId: true, transmission: true, thirdCountryTransfer: true, recording: true },
  });
  if (!stored || stored.memberId !== actorId) return { kind: 'bad-token' };
  const same =
    stored.transmission === choices.transmission &&
    stored.thirdCountryTransfer === choices.thirdCountryTransfer &&
    stored.recording === choices.recording;
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

  if (!MEMBER_KINDS.includes(actor.kind)) return { kind: 'not-found' };
  const direct = await directDb();
  const context = await loadDecisionContext(direct, {
    memberId: actor.id,
    consultationId: input.consultationId,
    language: claims.l,
    servedNonce: claims.n,
  });
  if (!context) return { kind: 'not-found' };
  const { videoService, disclosure: shown } = context;

  const thirdCountry = videoService.processingRegion === 'THIRD_COUNTRY';
  const consenting = input.intent === 'consent';
  const choices = {
    transmission: consenting,
    thirdCountryTransfer: thirdCountry ? consenting : null,
    recording: consenting && input.recording === 'yes',
  };

  // A page submitted again is answered by what it decided, even if the text has changed since.
  if (context.pageUsed) return sameDecisionAgain(await db(), claims.n, actor.id, choices);

  // The page showed the newest text in its language, and the service facts and sentences of today.
  // The served token is signed, so its disclosure was the current one when the page was served.
  if (!shown || shown.id !== claims.d || shown.contentHash !== claims.h || termsDigest(claims.l, videoService, actor.kind) !== claims.s) {
    return { kind: 'disclosure-changed' };
  }

  if (consenting) {
    const fields: TDecisionFieldError[] = [];
    if (!input.transmission) fields.push('transmission');
    if (thirdCountry && !input.thirdCountryTransfer) fields.push('thirdCountryTransfer');
    if (input.recording && !videoService.canRecord) fields.push('recording');
    if (fields.length) return { kind: 'invalid', fields };
  }
  // Declining video means a phone call at the same time: the member confirms the number for it.
  const callbackPhone = consenting ? null : normaliseCallbackPhone(input.phone);
  if (!consenting && !callbackPhone) return { kind: 'invalid', fields: ['phone'] };

  const outcome = consenting ? 'GIVEN' : 'REFUSED';
  const alternative = consenting ? null : 'phone';
  const servedAt = new Date(claims.t);

  const decisionId = randomUUID();
  const ctes = queueEntryCtes(
    {
      eventType: consenting ? LOG_EVENT.consentGiven : LOG_EVENT.consentRefused,
      consultationId: context.consultationId,
      payload: {
        decisionId,
        videoServiceId: videoService.id,
        disclosure: { versionId: shown.id, hash: shown.contentHash, language: shown.language },
        served: { at: servedAt.toISOString(), nonce: claims.n },
        choices,
        alternative,
        // The number itself stays on the consultation, for its advisor; the log only knows it was given.
        ...(consenting ? {} : { callbackNumberConfirmed: true }),
        terms: {
          facts: serviceFacts(videoService),
          statements: consentStatements(claims.l, videoService, actor.kind),
          digest: claims.s,
        },
        channel: 'web',
        // Decided from a session opened right after a password letter's code was replaced: who had asked for
        // the letter, so that advisors and compliance can check it was the member (docs/decisions/0042).
        // Absent otherwise, as in every entry written before, so unmarked entries keep their old shape.
        ...(actor.afterPasswordLetter ? { afterPasswordLetter: actor.afterPasswordLetter } : {}),
      },
      // The served token names the member and every other claim in it is in the entry, so its digest would
      // let whoever holds GATEWAY_SECRET find the member by trying account ids: it is erasable with the rest.
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym, servedTokenDigest: sha256Hex(input.servedToken) },
    },
    Prisma.sql`locked`,
  );
  // The callback task: set when declining, cleared when consenting after an earlier refusal (written only if it changes).
  const callbackCte = Prisma.sql`callback AS (
        UPDATE consultation SET callback_phone = ${callbackPhone}
        WHERE id = (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM queued) AND callback_phone IS DISTINCT FROM ${callbackPhone}),`;
  try {
    // One statement, so one round trip and its own transaction: lock the consultation (decisions on it
    // are logged in the order they are made), queue the log entry and store the decision. A page
    // already used for a decision locks nothing, so nothing is written.
    // Prepared once per connection (0064): the text is the same for every decision, the values are parameters.
    const written = await direct<{ id: string; recordingState: string; callOpen: boolean }>(
      prepared(
        'record-consent-decision',
        Prisma.sql`
      WITH locked AS (
        SELECT id, recording_state, call_started_at IS NOT NULL AND room_closed_at IS NULL AS call_open FROM consultation
        WHERE id = ${context.consultationId}::uuid AND cancelled_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM consent_decision WHERE served_nonce = ${claims.n})
        FOR UPDATE),
      ${ctes},
      ${callbackCte}
      decision AS (
        INSERT INTO consent_decision (id, consultation_id, member_id, video_service_id, disclosure_version_id, disclosure_hash,
          service_facts_hash, language, outcome, transmission, third_country_transfer, recording, alternative, served_nonce,
          served_at, decided_at, log_queue_id, after_password_letter)
        SELECT ${decisionId}::uuid, ${context.consultationId}::uuid, ${actor.id}::uuid, ${videoService.id}::uuid, ${shown.id}::uuid,
          ${shown.contentHash}, ${serviceFactsHash(videoService)}, ${shown.language}, ${outcome}::"ConsentOutcome",
          ${choices.transmission}, ${choices.thirdCountryTransfer}, ${choices.recording}, ${alternative}, ${claims.n},
          ${servedAt}, recorded_at, id, ${actor.afterPasswordLetter}::"LetterRequester"
        FROM queued)
      SELECT id::text AS id, (SELECT recording_state::text FROM locked) AS "recordingState",
        (SELECT call_open FROM locked) AS "callOpen" FROM queued`,
      ),
    );
    if (written.length) {
      nudgeIntegration();
      // Rare: a recording is running and this decision does not allow one, or the call is running and this
      // decision refuses it. The stop, or the end, is demanded at once.
      const stopRecording = written[0]!.recordingState === 'RECORDING' && !choices.recording;
      const endCall = written[0]!.callOpen && outcome !== 'GIVEN';
      if (stopRecording || endCall) {
        await loggedTransaction(await db(), async (tx) => {
          await lockConsultation(tx, context.consultationId);
          if (stopRecording) await demandRecordingStop(tx, context.consultationId, 'new-decision', actor);
          if (endCall) await demandCallEnd(tx, context.consultationId, 'new-decision', actor);
        });
      }
      // Rare too: the call is under way, and a controllable service must follow this decision at once.
      if (written[0]!.callOpen) await enforceOnService(context.consultationId);
      return { kind: 'recorded', decisionId, outcome, duplicate: false };
    }
    // Nothing written: the page was used meanwhile, or the consultation was cancelled meanwhile.
    const again = await sameDecisionAgain(await db(), claims.n, actor.id, choices);
    return again.kind === 'bad-token' ? { kind: 'not-found' } : again;
  } catch (error) {
    // Two submissions of one page raced: the other one won and is the answer.
    if (isUniqueViolation(error)) return sameDecisionAgain(await db(), claims.n, actor.id, choices);
    throw error;
  }
}
