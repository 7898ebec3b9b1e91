import 'server-only';
import { z } from 'zod';
import type { TActor } from '@/server/auth/current-actor';
import { listConsentHistory } from '@/server/consent/consent-history';
import { listMemberLogEntries } from '@/server/member-data/member-log-entries';
import {
  MEMBER_DATA_FORMAT,
  MEMBER_DATA_FORMAT_VERSION,
  type TMemberDataExport,
  ZMemberDataExport,
} from '@/server/member-data/export-format';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import type { LetterState } from '@/server/db/generated/enums';
import { env } from '@/server/env';
import { ALL_LETTER_FAILURE_REASONS } from '@/server/letters/letter-policy';

const DETAIL_SELECT = {
  id: true,
  callStartedAt: true,
  callbackPhone: true,
  cancelledAt: true,
  videoService: { select: { operator: true } },
  decisions: {
    orderBy: { logQueueId: 'asc' },
    select: {
      id: true,
      logQueueId: true,
      outcome: true,
      decidedAt: true,
      language: true,
      transmission: true,
      thirdCountryTransfer: true,
      recording: true,
      alternative: true,
      withdrawnAt: true,
      recordingWithdrawnAt: true,
      afterPasswordLetter: true,
      disclosureVersion: { select: { id: true, version: true, language: true, title: true, contentHash: true } },
    },
  },
} as const satisfies Prisma.ConsultationSelect;

/** Not the requester's id, the print credential or the letter it repeats: those name staff or systems, not the member. */
const LETTER_SELECT = {
  requestedAt: true,
  requestedByKind: true,
  language: true,
  state: true,
  attempt: true,
  handedAt: true,
  codeExpiresAt: true,
  confirmedAt: true,
  failureReason: true,
  codeUsedAt: true,
  passwordSetAt: true,
} as const satisfies Prisma.PasswordLetterSelect;

type TExportLetter = TMemberDataExport['passwordLetters'][number];

// Exhaustive, so a new database state fails the build here instead of every export of a member who has one.
const LETTER_STATE: Record<LetterState, TExportLetter['state']> = {
  REQUESTED: 'requested',
  HANDED_TO_PRINT: 'handed-to-print',
  PRINTED: 'printed',
  FAILED: 'failed',
};
// The same for a new reason the print API accepts or the gateway records: the format must list it first.
ALL_LETTER_FAILURE_REASONS satisfies readonly NonNullable<TExportLetter['failureReason']>[];

/** The sentences a decision's log entry keeps (server/consent/record-decision.ts). */
const ZDecisionPayload = z.object({
  terms: z.object({
    statements: z.object({ transmission: z.string(), thirdCountryTransfer: z.string().nullable(), recording: z.string().nullable() }),
  }),
});
type TStatements = z.infer<typeof ZDecisionPayload>['terms']['statements'];

/** The sentences of these decisions' log entries (queued or in the chain), by queue id. */
async function statementsOf(prisma: TDb, queueIds: bigint[]): Promise<Map<bigint, TStatements>> {
  const queued = await prisma.logQueueEntry.findMany({ where: { id: { in: queueIds } }, select: { id: true, payload: true } });
  const integrated = await prisma.logEntry.findMany({ where: { queueId: { in: queueIds } }, select: { queueId: true, payload: true } });
  const out = new Map<bigint, TStatements>();
  for (const entry of [...queued.map((q) => ({ queueId: q.id, payload: q.payload })), ...integrated]) {
    const parsed = ZDecisionPayload.safeParse(entry.payload);
    if (parsed.success) out.set(entry.queueId, parsed.data.terms.statements);
  }
  return out;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/**
 * Everything the gateway holds about one member, in the documented export format. Every query is
 * scoped to the member; the result is parsed by the format's schema, so nothing unlisted leaves.
 */
export async function collectMemberData(prisma: TDb, actor: TActor, now = new Date()): Promise<TMemberDataExport> {
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: actor.id },
    select: { kind: true, loginName: true, displayName: true },
  });
  const history = await listConsentHistory(prisma, actor, { all: true });
  const details = new Map(
    (await prisma.consultation.findMany({ where: { memberId: actor.id }, select: DETAIL_SELECT })).map((c) => [c.id, c]),
  );
  const statements = await statementsOf(
    prisma,
    [...details.values()].flatMap((c) => c.decisions.map((d) => d.logQueueId)),
  );
  const logEntries = await listMemberLogEntries(prisma, actor.id);
  const sessions = await prisma.session.findMany({
    where: { accountId: actor.id },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true, lastSeenAt: true, revokedAt: true },
  });
  const failedSignIns = await prisma.loginFailure.findMany({
    where: { accountId: actor.id },
    orderBy: { attemptedAt: 'asc' },
    select: { attemptedAt: true, ipPseudonym: true },
  });
  const letters = await prisma.passwordLetter.findMany({
    where: { accountId: actor.id },
    orderBy: [{ requestedAt: 'asc' }, { attempt: 'asc' }],
    select: LETTER_SELECT,
  });
  const periods = env();

  const consultations = history.flatMap((h) => {
    const detail = details.get(h.id);
    if (!detail) return [];
    return [
      {
        id: h.id,
        startsAt: h.startsAt.toISOString(),
        durationMinutes: h.durationMinutes,
        topic: h.topic,
        service: { name: h.serviceName, operator: detail.videoService.operator },
        advisorName: h.advisorName,
        state: detail.cancelledAt ? ('cancelled' as const) : detail.callStartedAt ? ('call-started' as const) : ('scheduled' as const),
        cancelledAt: iso(detail.cancelledAt),
        callStartedAt: iso(detail.callStartedAt),
        callbackPhone: detail.callbackPhone,
        consentStatus: h.status,
        decisions: detail.decisions.map((d) => {
          const shown = statements.get(d.logQueueId);
          const choices = { transmission: d.transmission, thirdCountryTransfer: d.thirdCountryTransfer, recording: d.recording };
          const sentences = shown
            ? (['transmission', 'thirdCountryTransfer', 'recording'] as const).flatMap((choice) =>
                shown[choice] ? [{ choice, text: shown[choice], agreed: choices[choice] === true }] : [],
              )
            : [];
          return {
            id: d.id,
            logQueueId: d.logQueueId.toString(),
            outcome: d.outcome,
            decidedAt: d.decidedAt.toISOString(),
            language: d.language,
            choices,
            alternative: d.alternative,
            disclosure: {
              versionId: d.disclosureVersion.id,
              version: d.disclosureVersion.version,
              language: d.disclosureVersion.language,
              title: d.disclosureVersion.title,
              contentHash: d.disclosureVersion.contentHash,
            },
            sentences,
            withdrawnAt: iso(d.withdrawnAt),
            recordingWithdrawnAt: iso(d.recordingWithdrawnAt),
            afterPasswordLetter: d.afterPasswordLetter,
          };
        }),
        withdrawals: h.events
          .filter((e) => e.kind === 'withdrawn' || e.kind === 'recording-withdrawn')
          .map((e) => ({
            decisionId: e.decisionId,
            scope: e.kind === 'withdrawn' ? ('all' as const) : ('recording' as const),
            at: e.at.toISOString(),
            logQueueId: e.queueId.toString(),
          })),
      },
    ];
  });

  return ZMemberDataExport.parse({
    format: MEMBER_DATA_FORMAT,
    formatVersion: MEMBER_DATA_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    account,
    consultations,
    logEntries: logEntries.map((e) => ({
      logQueueId: e.queueId.toString(),
      seq: e.seq === null ? null : e.seq.toString(),
      recordedAt: e.recordedAt.toISOString(),
      eventType: e.eventType,
      consultationId: e.consultationId,
      yourAction: e.own,
    })),
    sessions: sessions.map((s) => ({
      startedAt: s.createdAt.toISOString(),
      lastActiveAt: s.lastSeenAt.toISOString(),
      endedAt: iso(s.revokedAt),
    })),
    failedSignIns: failedSignIns.map((f) => ({ at: f.attemptedAt.toISOString(), networkPseudonym: f.ipPseudonym })),
    passwordLetters: letters.map((l): TExportLetter => ({
      requestedAt: l.requestedAt.toISOString(),
      requestedBy: l.requestedByKind,
      language: l.language,
      state: LETTER_STATE[l.state],
      attempt: l.attempt,
      handedToPrintAt: iso(l.handedAt),
      codeValidUntil: iso(l.codeExpiresAt),
      printedOrFailedAt: iso(l.confirmedAt),
      // Only the print API and the gateway write it, from ALL_LETTER_FAILURE_REASONS; the schema below checks it again.
      failureReason: l.failureReason as TExportLetter['failureReason'],
      codeUsedAt: iso(l.codeUsedAt),
      ownPasswordSetAt: iso(l.passwordSetAt),
    })),
    retention: {
      consentLogPersonalData: { years: periods.RETENTION_CONSENT_LOG_YEARS, counted: 'after-the-calendar-year-of-the-entry' },
      consultationsAndDecisions: { years: periods.RETENTION_CONSULTATION_YEARS, counted: 'after-the-calendar-year-of-the-last-event' },
      callbackPhone: { days: periods.RETENTION_CALLBACK_PHONE_DAYS, counted: 'after-the-consultation' },
      sessions: { days: periods.RETENTION_SESSION_DAYS, counted: 'after-the-last-activity' },
      failedSignIns: { days: periods.RETENTION_LOGIN_FAILURE_DAYS, counted: 'after-the-attempt' },
      passwordLetters: { days: periods.RETENTION_PASSWORD_LETTER_DAYS, counted: 'after-the-last-event' },
    },
  });
}
