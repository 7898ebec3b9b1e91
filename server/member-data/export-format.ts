import 'server-only';
import { z } from 'zod';

/**
 * The member's data export (GDPR Art. 15 access, Art. 20 portability): this schema is its documented
 * structure (docs/decisions/0031). Every export is parsed by it before it leaves the server, so the
 * file never holds a field that is not listed here. Adding an optional field keeps formatVersion;
 * renaming, removing or changing the meaning of one raises it.
 */
export const MEMBER_DATA_FORMAT = 'consent-gateway/member-data';
export const MEMBER_DATA_FORMAT_VERSION = 1;

const ZTime = z.iso.datetime({ offset: false });
const ZChoice = z.enum(['transmission', 'thirdCountryTransfer', 'recording']);

const ZDecision = z.object({
  id: z.uuid(),
  /** The decision's log entry: its receipt is /member/receipts/{logQueueId}. */
  logQueueId: z.string().regex(/^\d+$/),
  outcome: z.enum(['GIVEN', 'REFUSED']),
  decidedAt: ZTime,
  /** The language the page was shown in. */
  language: z.string(),
  choices: z.object({ transmission: z.boolean(), thirdCountryTransfer: z.boolean().nullable(), recording: z.boolean() }),
  /** On refusal: the channel offered instead ("phone"). */
  alternative: z.string().nullable(),
  disclosure: z.object({
    versionId: z.uuid(),
    version: z.number().int(),
    language: z.string(),
    title: z.string(),
    contentHash: z.string(),
  }),
  /** The exact sentences shown with their boxes, as the log entry keeps them, and whether each was agreed to. */
  sentences: z.array(z.object({ choice: ZChoice, text: z.string(), agreed: z.boolean() })),
  withdrawnAt: ZTime.nullable(),
  recordingWithdrawnAt: ZTime.nullable(),
  /**
   * Made right after the member replaced a password letter's code with a password of their own: who had
   * requested that letter (ADMIN, ADVISOR or OPERATOR, the command line); null otherwise. Advisors ask
   * the member to confirm such a decision (docs/decisions/0042). Added later, within formatVersion 1:
   * files exported before lack it. Listed here rather than taken from the database enum, so that a new
   * value there cannot change the documented format unnoticed.
   */
  afterPasswordLetter: z.enum(['ADMIN', 'ADVISOR', 'OPERATOR']).nullable(),
});

const ZWithdrawal = z.object({
  decisionId: z.uuid(),
  /** "all": the whole consent; "recording": only the recording. */
  scope: z.enum(['all', 'recording']),
  at: ZTime,
  logQueueId: z.string().regex(/^\d+$/),
});

const ZConsultation = z.object({
  id: z.uuid(),
  startsAt: ZTime,
  durationMinutes: z.number().int(),
  topic: z.string(),
  service: z.object({ name: z.string(), operator: z.string() }),
  advisorName: z.string(),
  state: z.enum(['scheduled', 'call-started', 'cancelled']),
  cancelledAt: ZTime.nullable(),
  callStartedAt: ZTime.nullable(),
  /** The number given for a phone consultation instead (erased 30 days after the consultation by default). */
  callbackPhone: z.string().nullable(),
  consentStatus: z.enum([
    'unanswered',
    'given',
    'given-with-recording',
    'recording-withdrawn',
    'refused',
    'withdrawn',
    'outdated',
    'service-changed',
  ]),
  /** Oldest first. */
  decisions: z.array(ZDecision),
  /** Oldest first. */
  withdrawals: z.array(ZWithdrawal),
});

/** A log entry about the member: what happened and when; no one's identifiers or network pseudonyms. */
const ZLogEntry = z.object({
  logQueueId: z.string().regex(/^\d+$/),
  /** Position in the signed log; null while the entry waits to be integrated. */
  seq: z.string().regex(/^\d+$/).nullable(),
  recordedAt: ZTime,
  eventType: z.string(),
  consultationId: z.uuid().nullable(),
  /** Where the member acted themselves: what the entry's erasable personal part holds about it. */
  yourAction: z.object({ networkPseudonym: z.string().nullable(), servedTokenDigest: z.string().nullable() }).nullable(),
});

/** A sign-in session (the cookie names it; its id is not exported, it is a credential). */
const ZSession = z.object({ startedAt: ZTime, lastActiveAt: ZTime, endedAt: ZTime.nullable() });

/** A failed sign-in with the member's account. */
const ZFailedSignIn = z.object({ at: ZTime, networkPseudonym: z.string().nullable() });

/**
 * A letter with a new sign-in code, sent to the member by the print and mail system (docs/decisions/0042).
 * Who asked is named by role only, as everywhere in this file: never a staff member's name or id. The
 * code itself is not stored anywhere, so it cannot be here. Enums are listed here rather than taken
 * from the database or the print API, so that a new value there cannot change the format unnoticed.
 * Added later, within formatVersion 1: files exported before lack `passwordLetters`.
 */
const ZPasswordLetter = z.object({
  requestedAt: ZTime,
  /** ADMIN: the insurer's administration; ADVISOR: one of the member's advisors; OPERATOR: IT operations (command line, migration). */
  requestedBy: z.enum(['ADMIN', 'ADVISOR', 'OPERATOR']),
  /** The language the letter is written in. */
  language: z.string(),
  state: z.enum(['requested', 'handed-to-print', 'printed', 'failed']),
  /** 1 for a request; n + 1 for the letter sent again because letter n failed. */
  attempt: z.number().int(),
  /** When the print system fetched the letter: the code was made then and replaced the member's password. */
  handedToPrintAt: ZTime.nullable(),
  /**
   * The latest time the code could be used (14 days after it was made). It stops earlier when used once
   * (codeUsedAt), when the letter failed, or when a later letter's code replaced it.
   */
  codeValidUntil: ZTime.nullable(),
  /** When the print system reported the letter printed or failed (state says which). */
  printedOrFailedAt: ZTime.nullable(),
  /**
   * As the print system reports it (docs/print-api.md), or `credential-revoked` (the print system's
   * credential was revoked before it reported) or `render-failed` (the letter could not be produced);
   * null unless failed.
   */
  failureReason: z
    .enum(['printer-error', 'damaged', 'address-unknown', 'not-received', 'other', 'credential-revoked', 'render-failed'])
    .nullable(),
  /** The one sign-in with the code. */
  codeUsedAt: ZTime.nullable(),
  /** When the member replaced the code with a password of their own. */
  ownPasswordSetAt: ZTime.nullable(),
});

const ZYears = z.object({
  years: z.number().int(),
  counted: z.enum(['after-the-calendar-year-of-the-entry', 'after-the-calendar-year-of-the-last-event']),
});
/** after-the-last-event (password letters): the latest of the letter's times above, its code's end included. */
const ZDays = z.object({
  days: z.number().int(),
  counted: z.enum(['after-the-consultation', 'after-the-last-activity', 'after-the-attempt', 'after-the-last-event']),
});

export const ZMemberDataExport = z.strictObject({
  format: z.literal(MEMBER_DATA_FORMAT),
  formatVersion: z.literal(MEMBER_DATA_FORMAT_VERSION),
  exportedAt: ZTime,
  account: z.object({ kind: z.enum(['MEMBER', 'EMPLOYER']), loginName: z.string(), displayName: z.string() }),
  /** Newest first. */
  consultations: z.array(ZConsultation),
  /** Oldest first. */
  logEntries: z.array(ZLogEntry),
  /** Oldest first. */
  sessions: z.array(ZSession),
  /** Oldest first. */
  failedSignIns: z.array(ZFailedSignIn),
  /** Oldest first. */
  passwordLetters: z.array(ZPasswordLetter),
  /** How long each kind of record is kept (docs/decisions/0029); personal data is erased after that. */
  retention: z.object({
    consentLogPersonalData: ZYears,
    consultationsAndDecisions: ZYears,
    callbackPhone: ZDays,
    sessions: ZDays,
    failedSignIns: ZDays,
    /** Never while a letter waits for print or its code is still valid. */
    passwordLetters: ZDays,
  }),
});

export type TMemberDataExport = z.infer<typeof ZMemberDataExport>;
