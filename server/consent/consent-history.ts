import 'server-only';
import { MEMBER_KINDS } from '@/server/auth/account-kinds';
import type { TActor } from '@/server/auth/current-actor';
import { type TConsentStatus, evaluateConsent } from '@/server/consent-rules/call-permission';
import { serviceFactsHash } from '@/server/consent-rules/consent-terms';
import { listWithdrawalEntries } from '@/server/consent/withdrawal-entries';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';

/** How many consultations the history shows, newest first (retention keeps about four years' worth). */
export const HISTORY_LIMIT = 200;

const HISTORY_SELECT = {
  id: true,
  topic: true,
  startsAt: true,
  durationMinutes: true,
  cancelledAt: true,
  advisor: { select: { displayName: true } },
  videoService: {
    select: {
      id: true,
      name: true,
      operator: true,
      processingRegion: true,
      thirdCountries: true,
      endToEndEncrypted: true,
      canRecord: true,
    },
  },
  decisions: {
    orderBy: { logQueueId: 'asc' },
    select: {
      id: true,
      outcome: true,
      transmission: true,
      thirdCountryTransfer: true,
      recording: true,
      videoServiceId: true,
      serviceFactsHash: true,
      disclosureHash: true,
      language: true,
      decidedAt: true,
      withdrawnAt: true,
      recordingWithdrawnAt: true,
      logQueueId: true,
      disclosureVersion: { select: { version: true } },
    },
  },
} as const satisfies Prisma.ConsultationSelect;

type TDecisionRow = Prisma.ConsultationGetPayload<{ select: typeof HISTORY_SELECT }>['decisions'][number];

/** One step in a consultation's consent history; `queueId` is its log entry (and its receipt's address). */
export type THistoryEvent = {
  kind: 'given' | 'refused' | 'withdrawn' | 'recording-withdrawn';
  at: Date;
  queueId: bigint;
  decisionId: string;
  /** The disclosure version and language of the decision this event is about. */
  disclosureVersion: number;
  language: string;
  /** What was chosen (given and refused only). */
  choices: { transmission: boolean; thirdCountryTransfer: boolean | null; recording: boolean } | null;
};

export type THistoryConsultation = {
  id: string;
  topic: string;
  startsAt: Date;
  durationMinutes: number;
  cancelled: boolean;
  advisorName: string;
  serviceName: string;
  status: TConsentStatus;
  /** What one click may withdraw now: a consent given and not withdrawn, on a consultation not cancelled. */
  withdrawable: { all: boolean; recording: boolean };
  /** Whether the consent page asks for (or offers) a new decision. */
  mayDecide: boolean;
  /** Oldest first. */
  events: THistoryEvent[];
};

const DECIDE_AGAIN: readonly TConsentStatus[] = ['unanswered', 'refused', 'withdrawn', 'outdated', 'service-changed'];

function decisionEvent(d: TDecisionRow): THistoryEvent {
  return {
    kind: d.outcome === 'GIVEN' ? 'given' : 'refused',
    at: d.decidedAt,
    queueId: d.logQueueId,
    decisionId: d.id,
    disclosureVersion: d.disclosureVersion.version,
    language: d.language,
    choices: { transmission: d.transmission, thirdCountryTransfer: d.thirdCountryTransfer, recording: d.recording },
  };
}

/**
 * Every consultation of the signed-in member with each decision and withdrawal over time and what is
 * in force now, newest first (`all`: every one, for the data export). Scoped to the member here:
 * another member's consultations are never read.
 */
export async function listConsentHistory(prisma: TDb, actor: TActor, options: { all?: boolean } = {}): Promise<THistoryConsultation[]> {
  if (!MEMBER_KINDS.includes(actor.kind)) return [];
  const rows = await prisma.consultation.findMany({
    where: { memberId: actor.id },
    orderBy: [{ startsAt: 'desc' }, { id: 'asc' }],
    ...(options.all ? {} : { take: HISTORY_LIMIT }),
    select: HISTORY_SELECT,
  });
  const decisions = rows.flatMap((r) => r.decisions.map((d) => ({ ...d, consultationId: r.id })));
  const withdrawals = await listWithdrawalEntries(prisma, decisions);
  const decisionById = new Map(decisions.map((d) => [d.id, d]));

  // Services are few: their current disclosure is looked up once per service and language.
  const disclosureHashes = new Map<string, Promise<string | null>>();
  const currentHash = (serviceId: string, language: string) => {
    const key = `${serviceId}|${language}`;
    if (!disclosureHashes.has(key))
      disclosureHashes.set(
        key,
        currentDisclosure(prisma, serviceId, language).then((d) => d?.contentHash ?? null),
      );
    return disclosureHashes.get(key)!;
  };

  return Promise.all(
    rows.map(async (row): Promise<THistoryConsultation> => {
      const newest = row.decisions.at(-1) ?? null;
      const evaluation = evaluateConsent(newest, {
        videoServiceId: row.videoService.id,
        serviceFactsHash: serviceFactsHash(row.videoService),
        thirdCountry: row.videoService.processingRegion === 'THIRD_COUNTRY',
        canRecord: row.videoService.canRecord,
        currentDisclosureHash: await currentHash(row.videoService.id, newest?.language ?? 'de'),
        cancelled: row.cancelledAt !== null,
      });
      const open = row.cancelledAt === null;
      const inForce = open && newest?.outcome === 'GIVEN' && newest.withdrawnAt === null ? newest : null;
      const withdrawalEvents = withdrawals
        .filter((w) => decisionById.get(w.decisionId)?.consultationId === row.id)
        .map((w): THistoryEvent => {
          const d = decisionById.get(w.decisionId)!;
          return {
            kind: w.scope === 'all' ? 'withdrawn' : 'recording-withdrawn',
            at: w.at,
            queueId: w.queueId,
            decisionId: d.id,
            disclosureVersion: d.disclosureVersion.version,
            language: d.language,
            choices: null,
          };
        });
      return {
        id: row.id,
        topic: row.topic,
        startsAt: row.startsAt,
        durationMinutes: row.durationMinutes,
        cancelled: !open,
        advisorName: row.advisor.displayName,
        serviceName: row.videoService.name,
        status: evaluation.status,
        withdrawable: { all: inForce !== null, recording: inForce !== null && inForce.recording && inForce.recordingWithdrawnAt === null },
        mayDecide: open && DECIDE_AGAIN.includes(evaluation.status),
        // Log order is the order things happened (a queue id is taken in the deciding transaction).
        events: [...row.decisions.map(decisionEvent), ...withdrawalEvents].sort((a, b) => (a.queueId < b.queueId ? -1 : 1)),
      };
    }),
  );
}
