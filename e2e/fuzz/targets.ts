// Every mutating endpoint and Server Action, with how to reach it as someone allowed to, what a valid
// request would carry, which fields a request must get wrong, and the only writes bad input may cause
// (docs/decisions/0039). The spec fails when something on disk has no entry here.
import { randomUUID } from 'node:crypto';
import type { TActionArgs } from '../authorization/server-actions';
import type { TActorName, TWorld } from '../authorization/world';
import type { TEncoding } from './arbitraries';

/** One answer to one generated request, with what the test knows about how it was sent. */
export type TResult = {
  status: number;
  actor: TActorName;
  /** Origin header the way a browser of this site sends it (or none): passes the CSRF checks. */
  originPasses: boolean;
  /** Sent exactly as the page's script would (header, envelope, encoding): the action saw the form. */
  standardDelivery: boolean;
  /** The answer says the attempt was logged (the join and call-start denial pages do). */
  attemptLogged: boolean;
  /** The first value of each field, as text, after the trip through UTF-8 (undefined: missing or a file). */
  firstText: Record<string, string | undefined>;
};

/**
 * What bad input may write: `exact` keys must grow by exactly that many rows, `atMost` by no more;
 * every other table and log event must not change at all. Keys: a table name or `log:<event type>`.
 */
export type TAllowedWrites = { exact?: Record<string, number>; atMost?: Record<string, number> };

type TCommon = {
  /** Who sends most requests: someone allowed to use it, or the check would only meet the auth wall. */
  actor: TActorName;
  /** A tenth of the requests come from someone else. */
  wrongActors: TActorName[];
  /** The fields of a valid request (values from the world). */
  fields: (w: TWorld) => Record<string, string>;
  /** Fields with a strict format (ids, choices): at least one is always sent wrong, so no request is valid. */
  strict: string[];
  /** Writes a bad request may still cause (the documented attempt records). */
  writes?: (results: TResult[]) => TAllowedWrites;
};

export type THandlerTarget = TCommon & {
  kind: 'handler';
  /** The dynamic segment's name and values that name the actor's own objects; fuzzed values replace them. */
  segment?: { name: string; own: (w: TWorld) => string[]; valid?: (w: TWorld) => string[] };
  encoding: TEncoding;
  /** Extra headers of a real request (e.g. LiveKit's content type). */
  headers?: Record<string, string>;
};
export type TActionTarget = TCommon & { kind: 'action'; args: TActionArgs };

const count = (results: TResult[], where: (r: TResult) => boolean) => results.filter(where).length;
const own = (w: TWorld) => ({
  aOwn: w.consultations.aOwn.id,
  aThird: w.consultations.aThird.id,
});

/** zod's `.trim().min(1).max(100)` and `.min(1).max(200)` of the login form, and a number's check digit. */
function loginIsWellFormed(
  identifier: string | undefined,
  password: string | undefined,
  classify: (raw: string) => { kind: string },
): boolean {
  if (identifier === undefined || password === undefined) return false;
  const trimmed = identifier.trim();
  if (trimmed.length < 1 || trimmed.length > 100 || password.length < 1 || password.length > 200) return false;
  const kind = classify(trimmed).kind;
  return kind !== 'invalid-insurance-number' && kind !== 'invalid-company-number';
}

/** zod's `.trim().min(3).max(80)` of a print or auditor credential's label. */
function labelIsWellFormed(label: string | undefined): boolean {
  const trimmed = label?.trim() ?? '';
  return trimmed.length >= 3 && trimmed.length <= 80;
}

/** zod's Berlin day of an auditor credential's dates: exactly `20YY-MM-DD` (the calendar is checked after). */
const dayIsWellFormed = (day: string | undefined) => /^20\d{2}-\d{2}-\d{2}$/.test(day ?? '');

export function targets(classify: (raw: string) => { kind: string }): Record<string, THandlerTarget | TActionTarget> {
  return {
    // --- route handlers ---
    'POST /api/consultations/[id]/decision': {
      kind: 'handler',
      actor: 'memberA',
      wrongActors: ['memberB', 'employer', 'anonymous'],
      segment: { name: 'id', own: (w) => [own(w).aOwn, own(w).aThird] },
      encoding: 'urlencoded',
      // A served token is signed by the server: no generated one is valid, so every request is refused.
      fields: () => ({
        servedToken: 'v1.forged.token',
        intent: 'consent',
        transmission: 'yes',
        abroad: 'yes',
        recording: 'yes',
        phone: '+49 30 1234567',
      }),
      strict: ['servedToken'],
    },
    'POST /api/consultations/[id]/join': {
      kind: 'handler',
      actor: 'memberA',
      wrongActors: ['memberB', 'employer', 'anonymous'],
      segment: { name: 'id', own: (w) => [own(w).aOwn, own(w).aThird] },
      encoding: 'none',
      fields: () => ({}),
      strict: [],
      // Every attempt of a signed-in member is logged, allowed or denied (docs/decisions/0009); a denial
      // after the first per call in a window is counted into a summary entry instead (0051).
      writes: (rs) => ({
        exact: { 'log:call.join_allowed': count(rs, (r) => r.status === 303) },
        atMost: { 'log:call.join_denied': count(rs, (r) => r.attemptLogged) },
      }),
    },
    'POST /api/advisor/consultations/[id]/start': {
      kind: 'handler',
      actor: 'advisorX',
      wrongActors: ['advisorY', 'memberA', 'anonymous'],
      // Not the consented consultation: starting that call is valid input and changes its state.
      segment: { name: 'id', own: (w) => [own(w).aThird], valid: (w) => [own(w).aOwn] },
      encoding: 'urlencoded',
      fields: () => ({ recordingOff: 'yes' }),
      strict: [],
      // Every attempt of an advisor whose form parsed is logged, allowed or denied (docs/decisions/0018).
      writes: (rs) => ({
        exact: {
          'log:call.start_denied': count(rs, (r) => r.attemptLogged),
        },
      }),
    },
    'POST /api/member/data-export': {
      kind: 'handler',
      actor: 'memberA',
      wrongActors: ['anonymous', 'advisorX', 'employer'],
      encoding: 'none',
      fields: () => ({}),
      strict: [],
      // No input at all: every post of a member is an export, and every export is logged (0031).
      writes: (rs) => ({ exact: { 'log:member.data_exported': count(rs, (r) => r.status === 200) } }),
    },
    'POST /api/video/livekit/webhook': {
      kind: 'handler',
      actor: 'anonymous',
      wrongActors: ['memberA'],
      encoding: 'json',
      headers: { 'content-type': 'application/webhook+json', authorization: 'eyJhbGciOiJIUzI1NiJ9.eyJzaGEyNTYiOiJ4In0.c2ln' },
      fields: () => ({ event: 'egress_started', id: 'EV_fuzz', createdAt: '1' }),
      strict: [],
      // Rejected deliveries are logged within a budget of 30 per window (0022), never more than one per request.
      writes: (rs) => ({ atMost: { 'log:video.webhook_rejected': count(rs, (r) => r.status === 400 || r.status === 401) } }),
    },
    'POST /api/auth/[...nextauth]': {
      kind: 'handler',
      actor: 'anonymous',
      wrongActors: ['memberA'],
      segment: {
        name: 'nextauth',
        own: () => ['callback/credentials', 'signin/credentials', 'signout', 'session', 'csrf', 'callback/nope'],
      },
      encoding: 'urlencoded',
      fields: (w) => ({ identifier: w.accounts.memberA.loginName, password: 'Falsch-2026!', csrfToken: 'forged', callbackUrl: '/' }),
      strict: [],
    },
    'POST /api/password-letters': {
      kind: 'handler',
      actor: 'admin',
      wrongActors: ['compliance', 'memberA', 'anonymous'],
      encoding: 'urlencoded',
      // A letter replaces the member's password: only a confirmed request in a known language is valid.
      fields: (w) => ({ member: w.accounts.memberA.loginName, language: 'de', confirm: 'yes' }),
      strict: ['language', 'confirm'],
    },
    // The print system's API (docs/print-api.md). A claim carries no body: any field makes it a bad
    // request, and with no letter waiting in the fuzzing's world even an empty one writes nothing.
    'POST /api/print/v1/letters/claim': {
      kind: 'handler',
      actor: 'print',
      wrongActors: ['admin', 'anonymous'],
      encoding: 'json',
      fields: () => ({}),
      strict: [],
    },
    'POST /api/print/v1/letters/[id]/confirmation': {
      kind: 'handler',
      actor: 'print',
      wrongActors: ['admin', 'anonymous'],
      // The world's letter, fetched by the world's print credential and not yet reported on.
      segment: { name: 'id', own: (w) => [w.handedLetterId] },
      encoding: 'json',
      fields: () => ({ outcome: 'failed', reason: 'printer-error' }),
      strict: ['outcome'],
    },
    'POST /api/bench/insert': {
      kind: 'handler',
      actor: 'anonymous',
      wrongActors: ['compliance'],
      encoding: 'json',
      fields: () => ({ n: '1' }),
      strict: [],
    },

    // --- Server Actions ---
    'app/session-actions.ts#signOutAction': {
      kind: 'action',
      actor: 'anonymous',
      wrongActors: ['expired', 'revoked'],
      args: 'none',
      fields: () => ({}),
      strict: [],
    },
    'app/session-actions.ts#extendSessionAction': {
      kind: 'action',
      actor: 'memberA',
      wrongActors: ['anonymous', 'expired'],
      args: 'none',
      fields: () => ({}),
      strict: [],
    },
    'app/session-actions.ts#setLanguageAction': {
      kind: 'action',
      actor: 'memberA',
      wrongActors: ['anonymous'],
      args: 'formData',
      fields: () => ({ locale: 'en' }),
      strict: [],
    },
    'app/(public)/login/actions.ts#loginAction': {
      kind: 'action',
      actor: 'anonymous',
      wrongActors: ['memberA'],
      args: 'stateAndFormData',
      // Never the right password: a sign-in would be valid input.
      fields: (w) => ({ identifier: w.accounts.memberA.loginName, password: 'Falsch-2026!' }),
      strict: [],
      // A well-formed name and password are checked, and a failure is on record (0036): at most one row
      // per well-formed request, nothing else. (Exactly one was expected; see docs/decisions/0039.)
      writes: (rs) => ({
        atMost: {
          login_failure: count(
            rs,
            (r) => r.status === 200 && r.standardDelivery && loginIsWellFormed(r.firstText.identifier, r.firstText.password, classify),
          ),
        },
      }),
    },
    'app/(public)/login/code/actions.ts#verifyCodeAction': {
      // No sign-in is waiting for its code: every request goes back to the password step.
      kind: 'action',
      actor: 'anonymous',
      wrongActors: ['memberA', 'advisorX'],
      args: 'stateAndFormData',
      fields: () => ({ code: '123456' }),
      strict: [],
    },
    'app/(account)/account/second-factor/actions.ts#confirmSetupAction': {
      // Advisor X's factor is set up already: there is nothing to confirm.
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['memberA', 'anonymous'],
      args: 'stateAndFormData',
      fields: () => ({ code: '123456' }),
      strict: [],
    },
    'app/(account)/account/second-factor/actions.ts#regenerateRecoveryCodesAction': {
      // Only the app's current code renews them; a generated string is that code with odds of about 3 in 10^6 at best.
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['memberA', 'anonymous'],
      args: 'stateAndFormData',
      fields: () => ({ code: '000000' }),
      strict: [],
    },
    'app/(account)/account/second-factor/actions.ts#postponeSetupAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['memberA', 'anonymous'],
      args: 'none',
      fields: () => ({}),
      strict: [],
    },
    'app/(public)/receipts/verify/actions.ts#verifyReceiptAction': {
      kind: 'action',
      actor: 'anonymous',
      wrongActors: ['memberA'],
      args: 'stateAndFormData',
      fields: () => ({ receipt: '{"version":1}' }),
      strict: [],
    },
    'app/(account)/password/actions.ts#changePasswordAction': {
      kind: 'action',
      actor: 'memberA',
      wrongActors: ['anonymous', 'initial'],
      args: 'stateAndFormData',
      // Never the right current password.
      fields: () => ({ currentPassword: 'Falsch-Passwort-1', newPassword: 'Neu-Passwort-2026!', confirmPassword: 'Neu-Passwort-2026!' }),
      strict: [],
    },

    'app/(member)/member/consultations/[id]/actions.ts#withdrawAction': {
      kind: 'action',
      actor: 'memberA',
      wrongActors: ['memberB'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn, scope: 'all' }),
      strict: ['consultationId', 'scope'],
    },
    'app/(member)/member/consultations/[id]/actions.ts#cancelAction': {
      kind: 'action',
      actor: 'memberA',
      wrongActors: ['memberB'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn }),
      strict: ['consultationId'],
    },
    'app/(member)/member/consents/actions.ts#withdrawFromHistoryAction': {
      kind: 'action',
      actor: 'memberA',
      wrongActors: ['memberB'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn, scope: 'recording' }),
      strict: ['consultationId', 'scope'],
    },

    'app/(advisor)/advisor/consultations/[id]/actions.ts#recordingAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['advisorY'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn, action: 'start-recording' }),
      strict: ['consultationId', 'action'],
    },
    'app/(advisor)/advisor/consultations/[id]/actions.ts#cancelAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['advisorY'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn }),
      strict: ['consultationId'],
    },
    'app/(advisor)/advisor/consultations/[id]/actions.ts#callEndedAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['advisorY'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn }),
      strict: ['consultationId'],
    },
    'app/(advisor)/advisor/consultations/[id]/actions.ts#handOverAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['advisorY'],
      args: 'formData',
      fields: (w) => ({ consultationId: own(w).aOwn, colleagueId: w.accounts.advisorY.id }),
      strict: ['consultationId'],
    },
    'app/(advisor)/advisor/consultations/new/actions.ts#scheduleAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['memberA'],
      args: 'stateAndFormData',
      fields: (w) => ({
        member: w.accounts.memberA.loginName,
        videoServiceId: w.services.own.id,
        topic: 'Fuzz',
        date: '2030-01-02',
        time: '10:00',
        durationMinutes: '30',
      }),
      strict: ['videoServiceId', 'date', 'time'],
    },
    'app/(advisor)/advisor/consultations/new/actions.ts#rescheduleAction': {
      kind: 'action',
      actor: 'advisorX',
      wrongActors: ['advisorY'],
      args: 'stateAndFormData',
      fields: (w) => ({
        consultationId: own(w).aOwn,
        videoServiceId: w.services.own.id,
        topic: 'Fuzz',
        date: '2030-01-02',
        time: '10:00',
        durationMinutes: '30',
      }),
      strict: ['consultationId'],
    },

    'app/(compliance)/compliance/actions.ts#signCheckpointAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'none',
      fields: () => ({}),
      strict: [],
    },
    // The shared full verification (0072): any request an officer's session sends may start one run (or join the
    // running one); the run writes its progress and result to that row.
    'app/(compliance)/compliance/verify/actions.ts#startFullVerificationAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'none',
      fields: () => ({}),
      strict: [],
      writes: (rs) => ({ atMost: { log_verification_run: count(rs, (r) => r.actor === 'compliance' && r.status < 500) } }),
    },
    // Auditor credentials (0057). The label is free text and the days plain dates: a well-formed request from
    // an officer makes one credential and logs it. Activation and revocation name the world's credentials,
    // so their id is always sent wrong.
    'app/(compliance)/compliance/auditors/actions.ts#createAuditorCredentialAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX', 'admin', 'auditor'],
      args: 'stateAndFormData',
      fields: (w) => ({
        label: `Fuzz-Prüfung ${w.tag}`,
        entriesFrom: '2026-01-01',
        entriesUntil: '2026-12-31',
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      }),
      strict: [],
      writes: (rs) => {
        const made = count(
          rs,
          (r) =>
            r.status === 200 &&
            r.standardDelivery &&
            r.actor === 'compliance' &&
            labelIsWellFormed(r.firstText.label) &&
            dayIsWellFormed(r.firstText.entriesFrom) &&
            dayIsWellFormed(r.firstText.entriesUntil) &&
            dayIsWellFormed(r.firstText.validUntil),
        );
        return { atMost: { auditor_credential: made, 'log:compliance.auditor_credential_created': made } };
      },
    },
    'app/(compliance)/compliance/auditors/actions.ts#activateAuditorCredentialAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX', 'admin', 'auditor'],
      args: 'stateAndFormData',
      fields: (w) => ({ credentialId: w.pendingAuditorCredentialId }),
      strict: ['credentialId'],
    },
    'app/(compliance)/compliance/auditors/actions.ts#revokeAuditorCredentialAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX', 'admin', 'auditor'],
      args: 'formData',
      fields: (w) => ({ credentialId: w.auditorCredentialId }),
      strict: ['credentialId'],
    },
    'app/(compliance)/compliance/log/actions.ts#lookupMemberAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'formData',
      fields: (w) => ({ number: w.accounts.memberA.loginName, reason: 'Prüfung' }),
      strict: [],
      // Every well-formed lookup is logged, found or not (0024): at most one entry per request.
      writes: (rs) => ({ atMost: { 'log:compliance.member_lookup': count(rs, (r) => r.status < 500 && r.actor === 'compliance') } }),
    },
    'app/(compliance)/compliance/exports/actions.ts#createExportAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['memberA'],
      args: 'formData',
      fields: () => ({ format: 'CSV', reason: 'Prüfung', from: '2026-01-01', event: 'consent.given' }),
      strict: ['format'],
    },
    'app/(compliance)/compliance/violations/actions.ts#startInvestigationAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'formData',
      fields: (w) => ({ caseId: w.violationId }),
      strict: ['caseId'],
    },
    'app/(compliance)/compliance/violations/actions.ts#closeCaseAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ caseId: w.violationId, note: 'Geschlossen ohne Befund.' }),
      strict: ['caseId'],
    },
    'app/(compliance)/compliance/disclosures/actions.ts#createDraftAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ videoServiceId: w.services.own.id, language: 'de', title: 'Fuzz', body: 'Ein Text.' }),
      strict: ['videoServiceId', 'language'],
    },
    'app/(compliance)/compliance/disclosures/actions.ts#updateDraftAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ draftId: w.draftId, title: 'Fuzz', body: 'Ein Text.' }),
      strict: ['draftId'],
    },
    'app/(compliance)/compliance/disclosures/actions.ts#requestPublicationAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'formData',
      fields: (w) => ({ draftId: w.draftId }),
      strict: ['draftId'],
    },
    'app/(compliance)/compliance/disclosures/actions.ts#withdrawRequestAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'formData',
      fields: (w) => ({ draftId: w.draftId, requestId: randomUUID() }),
      strict: ['draftId', 'requestId'],
    },
    'app/(compliance)/compliance/disclosures/actions.ts#reviewPublicationAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ draftId: w.draftId, requestId: randomUUID(), decision: 'approve', note: 'Passt.' }),
      strict: ['requestId', 'decision'],
    },
    'app/(compliance)/compliance/services/actions.ts#proposeServiceAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({
        key: `fuzz-${w.tag}`,
        name: 'Fuzz Video',
        operator: 'Fuzz GmbH',
        processingRegion: 'EU_EEA',
        joinUrlTemplate: 'https://fuzz.example/{room}',
        access: 'LINK',
        endToEndEncrypted: 'yes',
      }),
      strict: ['processingRegion', 'access'],
    },
    'app/(compliance)/compliance/services/actions.ts#withdrawProposalAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'formData',
      fields: (w) => ({ proposalId: w.proposalId }),
      strict: ['proposalId'],
    },
    'app/(compliance)/compliance/services/actions.ts#reviewProposalAction': {
      kind: 'action',
      actor: 'compliance',
      wrongActors: ['advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ proposalId: w.proposalId, decision: 'approve', note: 'Passt.' }),
      strict: ['proposalId', 'decision'],
    },

    // The administrator's actions: every valid request changes an account, so a strict field is always wrong;
    // the unlock names someone who does not exist.
    'app/(admin)/admin/actions.ts#createStaffAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ kind: 'ADVISOR', login: `fuzz.${w.tag}`, name: 'Fuzz Neu' }),
      strict: ['kind'],
    },
    'app/(admin)/admin/actions.ts#changeRoleAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'formData',
      fields: (w) => ({ accountId: w.accounts.advisorY.id, kind: 'COMPLIANCE', confirm: 'yes' }),
      strict: ['accountId', 'kind', 'confirm'],
    },
    'app/(admin)/admin/actions.ts#deactivateAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'formData',
      fields: (w) => ({ accountId: w.accounts.advisorY.id }),
      strict: ['accountId'],
    },
    'app/(admin)/admin/actions.ts#resetSecondFactorAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'formData',
      fields: (w) => ({ accountId: w.accounts.advisorY.id, confirm: 'yes' }),
      strict: ['accountId', 'confirm'],
    },
    'app/(admin)/admin/print-credentials/actions.ts#createPrintCredentialAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ label: `Fuzz-Druck ${w.tag}` }),
      strict: [],
      // A label is free text: a well-formed one from the administrator makes one credential, and logs it.
      writes: (rs) => {
        const made = count(
          rs,
          (r) => r.status === 200 && r.standardDelivery && r.actor === 'admin' && labelIsWellFormed(r.firstText.label),
        );
        return { atMost: { print_credential: made, 'log:admin.print_credential_created': made } };
      },
    },
    'app/(admin)/admin/print-credentials/actions.ts#activatePrintCredentialAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'stateAndFormData',
      fields: (w) => ({ credentialId: w.pendingCredentialId }),
      strict: ['credentialId'],
    },
    'app/(admin)/admin/print-credentials/actions.ts#revokePrintCredentialAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'formData',
      fields: (w) => ({ credentialId: w.printCredentialId }),
      strict: ['credentialId'],
    },
    'app/(admin)/admin/actions.ts#unlockAction': {
      kind: 'action',
      actor: 'admin',
      wrongActors: ['compliance', 'advisorX'],
      args: 'formData',
      fields: (w) => ({ login: `niemand.${w.tag}`, accountId: w.accounts.advisorY.id }),
      strict: [],
    },
  };
}
