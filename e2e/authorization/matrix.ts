// The authorization matrix: every page, route handler and Server Action × every actor → the expected
// answer. A route on disk without a row here fails matrix.spec.ts by name (docs/decisions/0033).
import { randomInt, randomUUID } from 'node:crypto';
import type { TActionArgs } from './server-actions';
import type { TActorName, TWorld } from './world';

/**
 * 'login' / 'password': a redirect there; 'home': a redirect to the actor's start page; 'start': to `/`; a number: that
 * status (303 a redirect elsewhere, e.g. to the video service); 'allowed' (actions only): let through,
 * not invoked here because it would change the world the other cells read (the feature specs cover it).
 */
export type TExpected = 200 | 302 | 303 | 400 | 401 | 403 | 404 | 405 | 415 | 'login' | 'password' | 'home' | 'start' | 'allowed';
export type TCells = Record<TActorName, TExpected>;

const SIGNED_OUT = { anonymous: 'login', expired: 'login', revoked: 'login', print: 404, auditor: 404 } as const;
// The print system presents its credential outside the print API, an auditor outside the log's entry
// bundles: there is nothing there (0042, 0057).
const NOBODY_SIGNED_IN = {
  memberA: 404,
  memberB: 404,
  employer: 404,
  initial: 404,
  advisorX: 404,
  advisorY: 404,
  compliance: 404,
  admin: 404,
  print: 404,
  auditor: 404,
} as const;

/**
 * Cells for an area: who gets in (200 or 'allowed'), everybody signed in otherwise 404, the signed-out
 * `out`; a member on the initial password is sent to set a new one (pages, actions) or, where the
 * signed-out get 401 (route handlers), gets 401 too.
 */
function only(
  allowed: Partial<Record<Exclude<TActorName, 'anonymous' | 'expired' | 'revoked' | 'print' | 'auditor'>, TExpected>>,
  out: TExpected = 'login',
): TCells {
  return { ...NOBODY_SIGNED_IN, anonymous: out, expired: out, revoked: out, initial: out === 'login' ? 'password' : out, ...allowed };
}
const everyone = (expected: TExpected): TCells => ({
  ...SIGNED_OUT,
  ...NOBODY_SIGNED_IN,
  ...Object.fromEntries(ACTOR_KEYS.map((a) => [a, expected])),
  print: 404,
  auditor: 404,
});
/**
 * The print API: the print system only; everyone else, with or without a session, 401 (a bearer token is its
 * only way in), but an auditor's credential, which the proxy turns away with 404 before it.
 */
const printOnly = (expected: TExpected): TCells => ({ ...everyone(401), print: expected });
const ACTOR_KEYS: TActorName[] = [
  'anonymous',
  'memberA',
  'memberB',
  'employer',
  'initial',
  'advisorX',
  'advisorY',
  'compliance',
  'admin',
  'expired',
  'revoked',
  'print',
  'auditor',
];

const MEMBERS = { memberA: 200, memberB: 200, employer: 200 } as const;
const ADVISORS = { advisorX: 200, advisorY: 200 } as const;
const SIGNED_IN_HOME = {
  memberA: 'home',
  memberB: 'home',
  employer: 'home',
  advisorX: 'home',
  advisorY: 'home',
  compliance: 'home',
  admin: 'home',
} as const;

/** Values for the dynamic segments: objects of member A, advisor X and the compliance world. */
export type TParams = Record<string, string>;
/**
 * `alike`: actors refused with something other than 404 (a redirect, a form error) whose answer must
 * still be the same as for an object that does not exist.
 */
export type TRouteRow = {
  cells: TCells;
  params?: (w: TWorld) => TParams;
  body?: (w: TWorld) => Record<string, string>;
  alike?: TActorName[];
  note?: string;
  /** A page whose reading is logged, with the query that makes it a logged read: logged only when asked for from an own page (0052). */
  logsRead?: { query?: (w: TWorld) => Record<string, string> };
};

const consultationOfA = (w: TWorld) => ({ id: w.consultations.aOwn.id });
// Without a consent: joining and starting the call are refused (403) to A and X themselves.
const unconsentedOfA = (w: TWorld) => ({ id: w.consultations.aThird.id });

/** Pages, keyed by their pattern (GET). */
export const PAGES: Record<string, TRouteRow> = {
  '/': { cells: { ...SIGNED_OUT, ...SIGNED_IN_HOME, initial: 'password' } },
  '/login': {
    cells: {
      ...everyone(200),
      initial: 'start',
      memberA: 'start',
      memberB: 'start',
      employer: 'start',
      advisorX: 'start',
      advisorY: 'start',
      compliance: 'start',
      admin: 'start',
    },
  },
  '/barrierefreiheit': { cells: everyone(200) },
  '/datenschutz': { cells: everyone(200) },
  '/impressum': { cells: everyone(200) },
  '/leichte-sprache': { cells: everyone(200) },
  '/receipts/verify': { cells: everyone(200) },
  // A stand-in exists for demo services only (0069): the world's services have real join addresses.
  '/demo-video/[service]/[room]': {
    cells: everyone(404),
    params: (w) => ({ service: w.services.thirdParty.key, room: w.consultations.aThird.room }),
    note: 'demo services only',
  },
  '/password': { cells: { ...SIGNED_OUT, ...MEMBERS, ...ADVISORS, compliance: 200, admin: 200, initial: 200 } },
  // The code step exists only between a staff member's password and code (docs/decisions/0040): no one here has one pending.
  '/login/code': { cells: { ...everyone('start'), ...SIGNED_OUT } },
  '/account/second-factor': { cells: only({ ...ADVISORS, compliance: 200, admin: 200 }) },

  '/member': { cells: only(MEMBERS) },
  '/member/consents': { cells: only(MEMBERS) },
  '/member/consents/summary': { cells: only(MEMBERS), logsRead: {} },
  '/member/consultations/[id]': { cells: only({ memberA: 200 }), params: consultationOfA },
  '/member/receipts/[queueId]': { cells: only({ memberA: 200 }), params: (w) => ({ queueId: w.receiptQueueId }) },

  '/advisor': { cells: only(ADVISORS) },
  '/advisor/consultations/new': { cells: only(ADVISORS) },
  '/advisor/consultations/[id]': { cells: only({ advisorX: 200 }), params: consultationOfA },
  '/advisor/password-letter': { cells: only(ADVISORS) },

  // The administration area: the administrator only; a staff account's pages name advisor Y's account.
  '/admin': { cells: only({ admin: 200 }) },
  '/admin/staff/new': { cells: only({ admin: 200 }) },
  '/admin/staff/[id]': { cells: only({ admin: 200 }), params: (w) => ({ id: w.accounts.advisorY.id }) },
  '/admin/staff/[id]/deactivate': { cells: only({ admin: 200 }), params: (w) => ({ id: w.accounts.advisorY.id }) },
  '/admin/password-letter': { cells: only({ admin: 200 }) },
  '/admin/print-credentials': { cells: only({ admin: 200 }) },
  '/admin/print-credentials/[id]/activate': { cells: only({ admin: 200 }), params: (w) => ({ id: w.pendingCredentialId }) },
  // Auditor credentials are the compliance officers' (0057); the activation page names one made by someone else.
  '/compliance/auditors': { cells: only({ compliance: 200 }) },
  '/compliance/auditors/[id]/activate': { cells: only({ compliance: 200 }), params: (w) => ({ id: w.pendingAuditorCredentialId }) },

  '/compliance': { cells: only({ compliance: 200 }) },
  '/compliance/log': { cells: only({ compliance: 200 }), logsRead: { query: (w) => ({ member: w.accounts.memberA.id }) } },
  '/compliance/verify': { cells: only({ compliance: 200 }) },
  '/compliance/exports': { cells: only({ compliance: 200 }) },
  '/compliance/exports/[id]': { cells: only({ compliance: 200 }), params: (w) => ({ id: w.exportId }) },
  '/compliance/violations': { cells: only({ compliance: 200 }) },
  '/compliance/violations/[id]': { cells: only({ compliance: 200 }), params: (w) => ({ id: w.violationId }) },
  '/compliance/consultations/[id]': { cells: only({ compliance: 200 }), params: consultationOfA, logsRead: {} },
  '/compliance/consultations/[id]/disclosure/[versionId]': {
    cells: only({ compliance: 200 }),
    params: (w) => ({ id: w.consultations.aOwn.id, versionId: w.disclosureVersionId }),
  },
  '/compliance/disclosures': { cells: only({ compliance: 200 }) },
  '/compliance/disclosures/new': { cells: only({ compliance: 200 }) },
  '/compliance/disclosures/[draftId]': { cells: only({ compliance: 200 }), params: (w) => ({ draftId: w.draftId }) },
  '/compliance/disclosures/[draftId]/edit': { cells: only({ compliance: 200 }), params: (w) => ({ draftId: w.draftId }) },
  '/compliance/services': { cells: only({ compliance: 200 }) },
  '/compliance/services/new': { cells: only({ compliance: 200 }) },
  '/compliance/services/[serviceId]/change': { cells: only({ compliance: 200 }), params: (w) => ({ serviceId: w.services.own.id }) },
  '/compliance/services/proposals/[proposalId]': { cells: only({ compliance: 200 }), params: (w) => ({ proposalId: w.proposalId }) },
};

/** Route handlers, keyed `METHOD /pattern`. Methods a handler does not export are checked for 405 by the spec. */
export const HANDLERS: Record<string, TRouteRow> = {
  'GET /.well-known/consent-log-keys': { cells: everyone(200) },
  'GET /.well-known/consent-log-policy': {
    cells: everyone(200),
    note: 'the witness policy verifiers save (0057); 404 only where the app has no witnesses',
  },
  'GET /api/health': { cells: everyone(200), note: 'liveness: no data, for the orchestrator' },
  'GET /api/ready': { cells: everyone(200), note: 'readiness: database and migrations, no data' },
  'GET /api/log/checkpoint': { cells: everyone(200) },
  'GET /api/log/checkpoints': { cells: everyone(200) },
  'GET /api/log/proofs/consistency': { cells: everyone(400), note: 'no sizes given: a client error for everyone' },
  'GET /api/log/proofs/inclusion': { cells: everyone(400), note: 'no leaf given: a client error for everyone' },
  // A hash tile: public (0057). Entry bundles, for officers and auditors only, are checked in matrix.spec.ts.
  'GET /api/log/tile/[...path]': {
    cells: everyone(200),
    params: () => ({ path: '0/000.p/1' }),
    note: "the first leaf's hash, in every world's log; print and auditor credentials meet the proxy's 404 here",
  },
  'GET /api/bench/json': { cells: everyone(404), note: 'only while benchmarking' },
  'POST /api/bench/insert': { cells: everyone(404), note: 'only while benchmarking' },
  'GET /api/bench/session-cache': { cells: everyone(404), note: 'only while benchmarking' },
  'GET /api/bench/process': { cells: everyone(404), note: 'only while benchmarking' },
  // Auth.js's own routes are not offered (0048); AUTH_JS_ROUTES below has a row for each of them.
  'GET /api/auth/[...nextauth]': { cells: everyone(404), params: () => ({ nextauth: 'providers' }) },
  'POST /api/auth/[...nextauth]': { cells: everyone(404), params: () => ({ nextauth: 'callback/credentials' }) },
  'POST /api/video/livekit/webhook': { cells: everyone(415), note: "not LiveKit's content type: refused before anything else" },

  'GET /member/receipts/[queueId]/download': { cells: only({ memberA: 200 }, 401), params: (w) => ({ queueId: w.receiptQueueId }) },
  'GET /member/receipts/[queueId]/dpv': { cells: only({ memberA: 200 }, 401), params: (w) => ({ queueId: w.receiptQueueId }) },
  'GET /member/receipts/[queueId]/kantara': {
    cells: only({ memberA: 200 }, 401),
    params: (w) => ({ queueId: w.receiptQueueId }),
    note: 'the receipt is of a consent given: it has a Kantara view',
  },
  'POST /api/member/data-export': { cells: only(MEMBERS, 401) },
  'POST /api/consultations/[id]/decision': {
    cells: only({ memberA: 303, memberB: 303, employer: 303, initial: 'password' }),
    params: unconsentedOfA,
    body: () => ({ servedToken: 'not-a-token', intent: 'consent', transmission: 'yes' }),
    alike: ['memberB', 'employer'],
    note: 'a forged served token: back to the page with the error (303), for A as for anyone else, whether the consultation exists or not',
  },
  // These two answer a signed-in person not (yet) allowed with 404 rather than 401: nothing is confirmed either way.
  'POST /api/consultations/[id]/join': { cells: only({ memberA: 403, initial: 404 }, 401), params: unconsentedOfA },
  'POST /api/advisor/consultations/[id]/start': { cells: only({ advisorX: 403, initial: 404 }, 401), params: unconsentedOfA },
  'GET /api/advisor/events': { cells: only(ADVISORS, 401) },
  'GET /api/compliance/exports/[id]/file': { cells: only({ compliance: 200 }, 401), params: (w) => ({ id: w.exportId }) },
  'POST /api/password-letters': {
    cells: only({ admin: 303, advisorX: 303, advisorY: 303 }, 401),
    body: (w) => ({ member: w.accounts.memberA.loginName, language: 'de' }),
    note: 'unconfirmed: back to the form (303) for those who may request letters; nobody else learns the route exists. Who may request for whom: server/letters/password-letters.db.test.ts and e2e/admin',
  },
  // The print API (docs/print-api.md). A form body is refused (415) only after the credential is checked, so
  // the print system's cell proves it gets in without taking a letter another spec is waiting for.
  'POST /api/print/v1/letters/claim': {
    cells: printOnly(415),
    body: () => ({ probe: 'matrix' }),
    note: 'claims are proven in server/letters and e2e/admin/password-letter.spec.ts',
  },
  'GET /api/print/v1/letters': { cells: printOnly(200) },
  'POST /api/print/v1/letters/[id]/confirmation': {
    cells: printOnly(415),
    params: () => ({ id: randomUUID() }),
    body: () => ({ outcome: 'printed' }),
  },
  'GET /api/compliance/exports/[id]/manifest': { cells: only({ compliance: 200 }, 401), params: (w) => ({ id: w.exportId }) },
};

export type TActionRow = { cells: TCells; fields: (w: TWorld) => Record<string, string>; args?: TActionArgs };

const MEMBER_ACTION = (w: TWorld) => ({ consultationId: w.consultations.aOwn.id, scope: 'all' });
const ADVISOR_ACTION = (w: TWorld) => ({
  consultationId: w.consultations.aOwn.id,
  action: 'start-recording',
  colleagueId: w.accounts.advisorY.id,
});
const LOGIN_OUT = { anonymous: 'login', expired: 'login', revoked: 'login', print: 404, auditor: 404 } as const;
const COMPLIANCE_ONLY = only({ compliance: 'allowed' });
const ADMIN_ONLY = only({ admin: 'allowed' });
const STAFF_ONLY = only({ advisorX: 'allowed', advisorY: 'allowed', compliance: 'allowed', admin: 'allowed' });

/** Server Actions, keyed `file#export` as in the server reference manifest. */
export const ACTIONS: Record<string, TActionRow> = {
  'app/session-actions.ts#signOutAction': { cells: everyone('allowed'), fields: () => ({}), args: 'none' },
  'app/session-actions.ts#extendSessionAction': { cells: everyone('allowed'), fields: () => ({}), args: 'none' },
  'app/session-actions.ts#setLanguageAction': { cells: everyone('allowed'), fields: () => ({ locale: 'en' }) },
  'app/(public)/login/actions.ts#loginAction': { cells: everyone('allowed'), fields: () => ({}), args: 'stateAndFormData' },
  'app/(public)/login/code/actions.ts#verifyCodeAction': {
    cells: everyone('allowed'),
    fields: () => ({ code: '123456' }),
    args: 'stateAndFormData',
  },
  'app/(account)/account/second-factor/actions.ts#confirmSetupAction': {
    cells: STAFF_ONLY,
    fields: () => ({ code: '123456' }),
    args: 'stateAndFormData',
  },
  'app/(account)/account/second-factor/actions.ts#regenerateRecoveryCodesAction': {
    cells: STAFF_ONLY,
    fields: () => ({ code: '123456' }),
    args: 'stateAndFormData',
  },
  'app/(account)/account/second-factor/actions.ts#postponeSetupAction': { cells: STAFF_ONLY, fields: () => ({}), args: 'none' },
  'app/(public)/receipts/verify/actions.ts#verifyReceiptAction': {
    cells: everyone('allowed'),
    fields: () => ({}),
    args: 'stateAndFormData',
  },
  'app/(account)/password/actions.ts#changePasswordAction': {
    cells: {
      ...LOGIN_OUT,
      initial: 'allowed',
      memberA: 'allowed',
      memberB: 'allowed',
      employer: 'allowed',
      advisorX: 'allowed',
      advisorY: 'allowed',
      compliance: 'allowed',
      admin: 'allowed',
    },
    fields: () => ({ current: 'Falsch-Passwort-1', password: 'Neu-Passwort-2026!', confirm: 'Neu-Passwort-2026!' }),
    args: 'stateAndFormData',
  },

  // Member B and the employer are members too: only the data layer's scoping keeps A's consultation from them.
  'app/(member)/member/consultations/[id]/actions.ts#withdrawAction': { cells: only({ memberA: 'allowed' }), fields: MEMBER_ACTION },
  'app/(member)/member/consultations/[id]/actions.ts#cancelAction': { cells: only({ memberA: 'allowed' }), fields: MEMBER_ACTION },
  'app/(member)/member/consents/actions.ts#withdrawFromHistoryAction': { cells: only({ memberA: 'allowed' }), fields: MEMBER_ACTION },

  // Advisor Y is an advisor too: only the scoping keeps X's consultation from Y.
  'app/(advisor)/advisor/consultations/[id]/actions.ts#recordingAction': { cells: only({ advisorX: 'allowed' }), fields: ADVISOR_ACTION },
  'app/(advisor)/advisor/consultations/[id]/actions.ts#cancelAction': { cells: only({ advisorX: 'allowed' }), fields: ADVISOR_ACTION },
  'app/(advisor)/advisor/consultations/[id]/actions.ts#handOverAction': { cells: only({ advisorX: 'allowed' }), fields: ADVISOR_ACTION },
  'app/(advisor)/advisor/consultations/[id]/actions.ts#callEndedAction': { cells: only({ advisorX: 'allowed' }), fields: ADVISOR_ACTION },
  'app/(advisor)/advisor/consultations/new/actions.ts#scheduleAction': {
    cells: only({ advisorX: 'allowed', advisorY: 'allowed' }),
    fields: (w) => ({
      member: w.accounts.memberA.loginName,
      serviceId: w.services.own.id,
      topic: 'Untergeschoben',
      date: '2030-01-02',
      time: '10:00',
      duration: '30',
    }),
    args: 'stateAndFormData',
  },
  'app/(advisor)/advisor/consultations/new/actions.ts#rescheduleAction': {
    cells: only({ advisorX: 'allowed', advisorY: 'allowed' }),
    fields: (w) => ({ consultationId: w.consultations.aOwn.id, date: '2030-01-02', time: '10:00', duration: '30' }),
    args: 'stateAndFormData',
  },

  // The administrator's actions name world accounts: demoting advisor Y, deactivating advisor X, unlocking member A.
  'app/(admin)/admin/actions.ts#createStaffAction': {
    cells: ADMIN_ONLY,
    fields: (w) => ({ kind: 'ADMIN', login: `evil.${w.tag}`, name: 'Evil Admin' }),
    args: 'stateAndFormData',
  },
  'app/(admin)/admin/actions.ts#changeRoleAction': {
    cells: ADMIN_ONLY,
    fields: (w) => ({ accountId: w.accounts.advisorY.id, kind: 'ADMIN', confirm: 'yes' }),
  },
  'app/(admin)/admin/actions.ts#deactivateAction': { cells: ADMIN_ONLY, fields: (w) => ({ accountId: w.accounts.advisorX.id }) },
  'app/(admin)/admin/actions.ts#resetSecondFactorAction': {
    cells: ADMIN_ONLY,
    fields: (w) => ({ accountId: w.accounts.advisorY.id, confirm: 'yes' }),
  },
  'app/(admin)/admin/actions.ts#unlockAction': { cells: ADMIN_ONLY, fields: (w) => ({ login: w.accounts.memberA.loginName }) },
  'app/(admin)/admin/print-credentials/actions.ts#createPrintCredentialAction': {
    cells: ADMIN_ONLY,
    fields: (w) => ({ label: `Evil Druck ${w.tag}` }),
    args: 'stateAndFormData',
  },
  'app/(admin)/admin/print-credentials/actions.ts#revokePrintCredentialAction': {
    cells: ADMIN_ONLY,
    fields: (w) => ({ credentialId: w.printCredentialId }),
  },
  'app/(admin)/admin/print-credentials/actions.ts#activatePrintCredentialAction': {
    cells: ADMIN_ONLY,
    fields: (w) => ({ credentialId: w.pendingCredentialId }),
    args: 'stateAndFormData',
  },

  'app/(compliance)/compliance/actions.ts#signCheckpointAction': { cells: COMPLIANCE_ONLY, fields: () => ({}), args: 'none' },
  'app/(compliance)/compliance/verify/actions.ts#startFullVerificationAction': { cells: COMPLIANCE_ONLY, fields: () => ({}), args: 'none' },
  'app/(compliance)/compliance/auditors/actions.ts#createAuditorCredentialAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({
      label: `Evil Prüfung ${w.tag}`,
      entriesFrom: '2026-01-01',
      entriesUntil: '2026-12-31',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/auditors/actions.ts#activateAuditorCredentialAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ credentialId: w.pendingAuditorCredentialId }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/auditors/actions.ts#revokeAuditorCredentialAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ credentialId: w.auditorCredentialId }),
  },
  'app/(compliance)/compliance/log/actions.ts#lookupMemberAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ identifier: w.accounts.memberA.loginName, reason: 'Prüfung' }),
  },
  'app/(compliance)/compliance/exports/actions.ts#createExportAction': {
    cells: COMPLIANCE_ONLY,
    fields: () => ({ format: 'CSV', reason: 'Prüfung' }),
  },
  'app/(compliance)/compliance/violations/actions.ts#startInvestigationAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ caseId: w.violationId }),
  },
  'app/(compliance)/compliance/violations/actions.ts#closeCaseAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ caseId: w.violationId, note: 'Geschlossen ohne Befund.' }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/disclosures/actions.ts#createDraftAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ videoServiceId: w.services.own.id, language: 'de', title: 'Untergeschoben', body: 'Untergeschobener Text.' }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/disclosures/actions.ts#updateDraftAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ draftId: w.draftId, title: 'Geändert', body: 'Geänderter Text.' }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/disclosures/actions.ts#requestPublicationAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ draftId: w.draftId }),
  },
  'app/(compliance)/compliance/disclosures/actions.ts#withdrawRequestAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ draftId: w.draftId }),
  },
  'app/(compliance)/compliance/disclosures/actions.ts#reviewPublicationAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ draftId: w.draftId, decision: 'approve' }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/services/actions.ts#proposeServiceAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({
      key: `evil-${w.tag}`,
      name: 'Evil Video',
      operator: 'Evil',
      processingRegion: 'EU_EEA',
      joinUrlTemplate: 'https://evil.example/{room}',
      access: 'LINK',
    }),
    args: 'stateAndFormData',
  },
  'app/(compliance)/compliance/services/actions.ts#withdrawProposalAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ proposalId: w.proposalId }),
  },
  'app/(compliance)/compliance/services/actions.ts#reviewProposalAction': {
    cells: COMPLIANCE_ONLY,
    fields: (w) => ({ proposalId: w.proposalId, decision: 'approve' }),
    args: 'stateAndFormData',
  },
};

/** The same segments naming nothing that exists: for "exists but not yours" ≡ "does not exist". */
export function missingParams(params: TParams): TParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      name === 'queueId' ? '999999999999' : name === 'nextauth' ? value : UUID.test(value) ? randomUUID() : sameShape(value),
    ]),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Another value of the same length and kind of characters (a service key, a room name): pages carry the
 * path in length-prefixed rows of their data, so only a value of the same length can answer alike.
 */
function sameShape(value: string): string {
  const pick = (chars: string) => chars[randomInt(chars.length)]!;
  return value.replace(/[a-z]/g, () => pick('abcdefghijklmnopqrstuvwxyz')).replace(/[0-9]/g, () => pick('0123456789'));
}

/**
 * Auth.js's built-in routes under /api/auth (0048): 404 for every actor, and the actor's session exactly
 * as before afterwards (Auth.js's sign-out cleared the cookie and left the session row valid).
 */
export const AUTH_JS_ROUTES: [method: 'GET' | 'POST', path: string][] = [
  ['GET', 'signin'],
  ['POST', 'signin'],
  ['POST', 'signin/credentials'],
  ['GET', 'signout'],
  ['POST', 'signout'],
  ['GET', 'error'],
  ['GET', 'error?error=Configuration'],
  ['GET', 'session'],
  ['POST', 'session'],
  ['GET', 'csrf'],
  ['GET', 'providers'],
  ['GET', 'callback/credentials'],
  ['POST', 'callback/credentials'],
  ['POST', 'callback/second-factor'],
  ['GET', 'verify-request'],
  ['GET', 'webauthn-options'],
];
