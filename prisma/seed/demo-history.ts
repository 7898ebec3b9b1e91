// The demo's last 30 days (docs/decisions/0069): consultations scheduled, consents given, refused and
// withdrawn, calls and recordings, denied attempts and two violations, made by the same functions the
// pages and routes call, at the times they tell of (the seed clock), on an empty log before its first
// checkpoint. So the compliance overview's charts, the explorer and the members' histories show something.
import { NO_PASSWORD } from '@/server/auth/password-hashing';
import type { TActor } from '@/server/auth/current-actor';
import { withInsuranceCheckDigit } from '@/server/auth/identifiers';
import { pseudonymiseIp } from '@/server/audit-log/pseudonymise-ip';
import { performCallAction } from '@/server/call/call-actions';
import { confirmCallEnded } from '@/server/call/call-end';
import { closeCase, startInvestigation } from '@/server/compliance/violations/case-actions';
import { listViolationCases } from '@/server/compliance/violations/violation-cases';
import { raiseOverdueDemands } from '@/server/compliance/violations/raise-overdue-stops';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { recordDecision } from '@/server/consent/record-decision';
import { servedTokenFor } from '@/server/consent/served-token';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { berlinLocalToUtc, utcToBerlinFields } from '@/server/consultation/berlin-time';
import { disclosureInLanguage, getMemberConsultation } from '@/server/consultation/member-consultation';
import type { TDb } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';
import { scheduleConsultation } from '@/server/scheduling/schedule-consultation';
import { isWorkingDay, workingDayFrom } from '@/prisma/seed/demo-times';
import type { TSeedClock } from '@/prisma/seed/seed-clock';
import { seededRandom } from '@/shared/seeded-random';

export const HISTORY_DAYS = 30;

/** Members who only appear in the history: no password, so no one signs in as them. */
const HISTORY_MEMBERS: { kind: AccountKind; loginName: string; displayName: string }[] = [
  ['Petra Schulz', 'C10000001'],
  ['Mehmet Demir', 'D20000002'],
  ['Laura Hoffmann', 'E30000003'],
  ['Stefan Krüger', 'F40000004'],
  ['Anna Nowak', 'G50000005'],
  ['Klaus Richter', 'H60000006'],
  ['Sabine Wolf', 'K70000007'],
  ['Yusuf Aydın', 'L80000008'],
  ['Monika Braun', 'M90000009'],
  ['Jan Zimmermann', 'N11000010'],
].map(([displayName, first9]) => ({ kind: 'MEMBER' as const, loginName: withInsuranceCheckDigit(first9!), displayName: displayName! }));

const TOPICS = [
  'Krankengeld: Dauer und Höhe',
  'Zuzahlungsbefreiung beantragen',
  'Wechsel in die Familienversicherung',
  'Mutterschaftsgeld und Elternzeit',
  'Pflegegrad: Antrag und Begutachtung',
  'Hilfsmittel nach der Reha',
  'Auslandskrankenschein für den Urlaub',
  'Bonusprogramm und Vorsorge',
];
const EMPLOYER_TOPICS = [
  'Meldungen für Aushilfen und Minijobs',
  'Umlage U1 und Erstattung',
  'Sozialversicherungsausweis für neue Beschäftigte',
];

/** What happens around one consultation, with how often it happens. */
const STORIES = [
  ['consent', 40],
  ['consent-with-recording', 12],
  ['refuse', 10],
  ['withdraw-before', 6],
  ['withdraw-during', 4],
  ['recording-withdrawn', 3],
  ['no-decision', 5],
] as const;
type TStory = (typeof STORIES)[number][0] | 'call-not-ended' | 'recording-not-stopped';

type TStep = { at: Date; run: () => Promise<void> };
type THistoryActor = TActor & { loginName: string };
type TPeople = { members: THistoryActor[]; employers: THistoryActor[]; advisors: TActor[]; officer: TActor };
type TServices = { own: string; thirdParty: string };

function actorOf(account: { id: string; kind: AccountKind; displayName: string }, network: number): TActor {
  return {
    id: account.id,
    kind: account.kind,
    displayName: account.displayName,
    sessionId: 'demo-history',
    mustChangePassword: false,
    secondFactorSetupRequired: false,
    idleExpiresAt: new Date(8_640_000_000_000_000),
    afterPasswordLetter: null,
    previousSignInAt: null,
    failedSignInsBefore: 0,
    // Documentation addresses (RFC 5737), pseudonymised as every request's address is.
    ipPseudonym: pseudonymiseIp(`198.51.100.${network}`),
  };
}

function expectKind<T extends { kind: string }, K extends T['kind']>(result: T, kind: K, what: string): Extract<T, { kind: K }> {
  if (result.kind !== kind) throw new Error(`demo history: ${what} gave ${JSON.stringify(result)}`);
  return result as Extract<T, { kind: K }>;
}

const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

/** The member's decision: the page's served token (as the consultation page issues it), then the form. */
async function decide(prisma: TDb, member: TActor, consultationId: string, intent: 'consent' | 'refuse', recording: boolean) {
  const consultation = await getMemberConsultation(prisma, member, consultationId, 'de');
  const disclosure = consultation && (await disclosureInLanguage(prisma, consultation, 'de'));
  if (!consultation || !disclosure) throw new Error('demo history: a scheduled consultation has no disclosure');
  const servedToken = servedTokenFor({ disclosure, language: 'de', member, consultationId, service: consultation.videoService });
  const abroad = consultation.videoService.processingRegion === 'THIRD_COUNTRY';
  const result = await recordDecision(member, {
    consultationId,
    servedToken,
    intent,
    ...(intent === 'consent'
      ? { transmission: 'yes', ...(abroad ? { thirdCountryTransfer: 'yes' } : {}), ...(recording ? { recording: 'yes' } : {}) }
      : { phone: '030 1234567' }),
  });
  expectKind(result, 'recorded', `${intent} for ${consultationId}`);
}

/** The steps of one consultation's story, starting with its scheduling by the advisor. */
function storySteps(
  prisma: TDb,
  story: TStory,
  startsAt: Date,
  scheduledAt: Date,
  who: { member: THistoryActor; advisor: TActor; service: string; topic: string },
): TStep[] {
  const { member, advisor } = who;
  const state = { id: '' };
  const step = (at: Date, run: () => Promise<void>): TStep => ({ at, run });
  const call = async (action: 'start-call' | 'start-recording' | 'stop-recording', expected: 'done' | 'denied') =>
    void expectKind(await performCallAction(advisor, state.id, action, { recordingOffConfirmed: true }), expected, action);
  const join = async (expected: boolean) => {
    const decision = await authorizeJoin(member, state.id);
    if (decision.allowed !== expected) throw new Error(`demo history: join ${expected ? 'refused' : 'allowed'} for ${state.id}`);
  };
  const withdraw = async (scope: 'all' | 'recording') =>
    void expectKind(await withdrawConsent(member, { consultationId: state.id, scope }), 'withdrawn', `withdraw ${scope}`);
  const sweep = async () => {
    if ((await raiseOverdueDemands(prisma)) !== 1) throw new Error(`demo history: the sweep raised no case for ${state.id}`);
  };
  const endCall = async () => void expectKind(await confirmCallEnded(advisor, state.id), 'confirmed', 'ending the call');
  const { date, time } = utcToBerlinFields(startsAt);
  // Members decide in the evening before a morning appointment, else up to three hours before it.
  const spread = (startsAt.getTime() / 60_000) % 150;
  const decidedAt = time < '11:00' ? minutes(berlinLocalToUtc(date, '19:00')!, -24 * 60 + spread) : minutes(startsAt, -(30 + spread));
  const steps: TStep[] = [
    step(scheduledAt, async () => {
      const result = await scheduleConsultation(advisor, {
        member: member.loginName,
        topic: who.topic,
        date,
        time,
        durationMinutes: '30',
        videoServiceId: who.service,
      });
      state.id = expectKind(result, 'scheduled', 'scheduling').consultationId;
    }),
  ];
  const recording = story === 'consent-with-recording' || story === 'recording-withdrawn' || story === 'recording-not-stopped';
  if (story === 'refuse') steps.push(step(decidedAt, () => decide(prisma, member, state.id, 'refuse', false)));
  else if (story !== 'no-decision') steps.push(step(decidedAt, () => decide(prisma, member, state.id, 'consent', recording)));
  if (story === 'withdraw-before') steps.push(step(minutes(decidedAt, 15), () => withdraw('all')));
  if (story === 'refuse' || story === 'withdraw-before' || story === 'no-decision') {
    // Without a consent in force, neither the member's join nor the advisor's start gets through: both logged as denied.
    // After a refusal the advisor phones the member instead: nothing more happens here.
    if (story === 'refuse') return steps;
    steps.push(
      step(minutes(startsAt, -2), () => join(false)),
      step(startsAt, () => call('start-call', 'denied')),
    );
    return steps;
  }
  steps.push(
    step(minutes(startsAt, -2), () => join(true)),
    step(startsAt, () => call('start-call', 'done')),
  );
  if (recording) steps.push(step(minutes(startsAt, 3), () => call('start-recording', 'done')));
  switch (story) {
    case 'withdraw-during':
      steps.push(
        step(minutes(startsAt, 9), () => withdraw('all')),
        step(minutes(startsAt, 9.5), endCall),
      );
      return steps;
    case 'call-not-ended':
      // Not confirmed within the minute: the sweep every instance runs makes it a violation case; the end comes late.
      steps.push(
        step(minutes(startsAt, 9), () => withdraw('all')),
        step(minutes(startsAt, 11), sweep),
        step(minutes(startsAt, 14), endCall),
      );
      return steps;
    case 'recording-withdrawn':
      steps.push(
        step(minutes(startsAt, 12), () => withdraw('recording')),
        step(minutes(startsAt, 12.5), () => call('stop-recording', 'done')),
      );
      break;
    case 'recording-not-stopped':
      steps.push(
        step(minutes(startsAt, 12), () => withdraw('recording')),
        step(minutes(startsAt, 14), sweep),
        step(minutes(startsAt, 16), () => call('stop-recording', 'done')),
      );
      break;
    case 'consent-with-recording':
      steps.push(step(minutes(startsAt, 25), () => call('stop-recording', 'done')));
      break;
  }
  steps.push(step(minutes(startsAt, 28), endCall));
  return steps;
}

/** Working days of the last `HISTORY_DAYS` days before `today`'s date (today not included). */
function pastWorkingDays(today: Date): string[] {
  const days: string[] = [];
  for (let i = HISTORY_DAYS; i >= 1; i--) {
    const noon = berlinLocalToUtc(utcToBerlinFields(new Date(today.getTime() - i * 86_400_000)).date, '12:00')!;
    if (isWorkingDay(noon)) days.push(utcToBerlinFields(noon).date);
  }
  return days;
}

/** Where the seed clock starts: before the first consultation of the history is scheduled. */
export function historyStart(now: Date): Date {
  return berlinLocalToUtc(utcToBerlinFields(new Date(now.getTime() - (HISTORY_DAYS + 10) * 86_400_000)).date, '08:00')!;
}

/** Accounts that only the history has: ten members and a second company, without passwords. */
export async function createHistoryAccounts(prisma: TDb): Promise<void> {
  const accounts = [...HISTORY_MEMBERS, { kind: 'EMPLOYER' as const, loginName: '87654322', displayName: 'Bäckerei Lange KG' }];
  await prisma.account.createMany({ data: accounts.map((a) => ({ ...a, passwordHash: NO_PASSWORD })), skipDuplicates: true });
}

/** The people of the history as the functions see them when they act. */
export async function historyPeople(prisma: TDb, demoMembers: string[]): Promise<TPeople> {
  const logins = [...HISTORY_MEMBERS.map((m) => m.loginName), '87654322', ...demoMembers];
  const accounts = await prisma.account.findMany({
    where: { OR: [{ loginName: { in: logins } }, { kind: { in: ['ADVISOR', 'COMPLIANCE'] } }] },
    select: { id: true, kind: true, displayName: true, loginName: true },
    orderBy: { loginName: 'asc' },
  });
  const actors = accounts.map((a, i) => ({ ...actorOf(a, 10 + i), loginName: a.loginName }));
  const officer = actors.find((a) => a.kind === 'COMPLIANCE');
  if (!officer) throw new Error('demo history: no compliance officer');
  return {
    members: actors.filter((a) => a.kind === 'MEMBER'),
    employers: actors.filter((a) => a.kind === 'EMPLOYER'),
    advisors: actors.filter((a) => a.kind === 'ADVISOR'),
    officer,
  };
}

/**
 * Plays the last 30 days on the seed clock: on each working day three to seven consultations, each with a
 * story (consent, with or without recording, refusal, withdrawal before or during the call, a join without
 * consent), one call not ended and one recording not stopped after a withdrawal (the violations), the first
 * of which a compliance officer investigates and closes. Returns the number of consultations.
 */
export async function seedDemoHistory(prisma: TDb, clock: TSeedClock, people: TPeople, services: TServices, today: Date): Promise<number> {
  // The same history for every demo.
  const random = seededRandom(20261205);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const total = STORIES.reduce((sum, [, weight]) => sum + weight, 0);
  const story = (): TStory => {
    let roll = random() * total;
    for (const [name, weight] of STORIES) if ((roll -= weight) < 0) return name;
    return 'consent';
  };
  const days = pastWorkingDays(today);
  const steps: TStep[] = [];
  const slots = ['09:00', '09:30', '10:00', '11:00', '11:30', '13:00', '14:00', '14:30', '15:30', '16:00'];
  let count = 0;
  for (const [index, date] of days.entries()) {
    const perDay = 3 + Math.floor(random() * 5);
    const times = slots.filter(() => random() < perDay / slots.length);
    for (const [slot, time] of (times.length ? times : ['10:00']).entries()) {
      const employer = random() < 0.15;
      // The two violations, a week apart, both on a third-party service's plain link (the advisor must act).
      const special: TStory | null =
        slot === 0 && index === days.length - 20
          ? 'call-not-ended'
          : slot === 0 && index === days.length - 12
            ? 'recording-not-stopped'
            : null;
      const startsAt = berlinLocalToUtc(date, time)!;
      const scheduledAt = workingDayFrom(
        date,
        `${String(9 + Math.floor(random() * 7)).padStart(2, '0')}:${pick(['05', '20', '40'])}`,
        -(1 + Math.floor(random() * 5)),
      );
      steps.push(
        ...storySteps(prisma, special ?? story(), startsAt, scheduledAt, {
          member: employer ? pick(people.employers) : pick(people.members),
          advisor: pick(people.advisors),
          service: special || random() < 0.4 ? services.thirdParty : services.own,
          topic: employer ? pick(EMPLOYER_TOPICS) : pick(TOPICS),
        }),
      );
      if (special === 'call-not-ended') steps.push(...officerSteps(prisma, people.officer, date));
      count++;
    }
  }
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { at, run } of steps) {
    clock.set(at);
    await run();
  }
  return count;
}

/** The officer takes up the call-not-ended case the next working morning and closes it two working days later. */
function officerSteps(prisma: TDb, officer: TActor, date: string): TStep[] {
  const caseId = async () => {
    const found = (await listViolationCases(prisma, officer))?.cases.find((c) => c.kind === 'CALL_NOT_ENDED');
    if (!found) throw new Error('demo history: the call-not-ended case was not raised');
    return found.id;
  };
  const change = async (what: Promise<string>) => {
    if ((await what) !== 'done') throw new Error('demo history: the officer could not work on the case');
  };
  return [
    { at: workingDayFrom(date, '08:45', 1), run: async () => change(startInvestigation(prisma, officer, await caseId())) },
    {
      at: workingDayFrom(date, '15:10', 3),
      run: async () =>
        change(
          closeCase(
            prisma,
            officer,
            await caseId(),
            'Mit der Beraterin besprochen: Das Ende des Gesprächs wurde drei Minuten zu spät bestätigt; das Gespräch war zu dem Zeitpunkt bereits beendet. Hinweis zur sofortigen Bestätigung erneut gegeben.',
          ),
        ),
    },
  ];
}
