// The demo data the README lists.
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/prisma/seed/demo-accounts';
import { createAccount, createConsultation, createVideoService, enrolSecondFactor } from '@/prisma/seed/factories';
import { THIRD_PARTY_DISCLOSURE } from '@/prisma/seed/disclosure-texts';
import { createHistoryAccounts, historyPeople, historyStart, seedDemoHistory } from '@/prisma/seed/demo-history';
import { demoConsultationStart } from '@/prisma/seed/demo-times';
import { installSeedClock } from '@/prisma/seed/seed-clock';
import { KASSEN_VIDEO, VIDARIO, asDemoService } from '@/prisma/seed/video-services';
import type { TDb } from '@/server/db/client';
import { NO_PASSWORD } from '@/server/auth/password-hashing';
import { PRINT_TOKEN } from '@/server/print-api/print-credential';

async function ensureServices(prisma: TDb) {
  const ids: Record<string, string> = {};
  for (const definition of [VIDARIO, KASSEN_VIDEO]) {
    const existing = await prisma.videoService.findUnique({ where: { key: definition.key }, select: { id: true } });
    ids[definition.key] = existing?.id ?? (await createVideoService(prisma, asDemoService(definition))).id;
  }
  return { thirdParty: ids[VIDARIO.key]!, own: ids[KASSEN_VIDEO.key]! };
}

/** The demo's accounts (DEMO_ACCOUNTS), those missing created; how many were. */
async function ensureAccounts(prisma: TDb): Promise<number> {
  let createdAccounts = 0;
  for (const { totpKey, ...account } of DEMO_ACCOUNTS) {
    const existing = await prisma.account.findUnique({
      where: { loginName: account.loginName },
      select: { id: true, secondFactor: { select: { accountId: true } } },
    });
    // A demo seeded before second factors existed gets its documented key; one set up by hand stays.
    if (existing) {
      if (totpKey && !existing.secondFactor) await enrolSecondFactor(prisma, existing.id, { secretBase32: totpKey });
      continue;
    }
    const created = await createAccount(prisma, {
      ...account,
      password: DEMO_PASSWORD,
      mustChangePassword: account.initial ?? false,
      ...(totpKey ? { secondFactor: { secretBase32: totpKey } } : {}),
    });
    // No one knows this member's password: a letter is queued, whose code the print system makes (0042).
    if (account.initial) {
      await prisma.account.update({ where: { id: created.id }, data: { passwordHash: NO_PASSWORD } });
      await prisma.passwordLetter.create({
        data: { accountId: created.id, requestedByKind: 'OPERATOR', language: 'de', firstAccess: true },
      });
    }
    createdAccounts++;
  }
  return createdAccounts;
}

/** Whether nothing has been logged and nothing signed yet: the only time a history may be written (0069). */
async function logIsEmpty(prisma: TDb): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ empty: boolean }[]>`
    SELECT NOT EXISTS (SELECT 1 FROM consent_log_queue) AND NOT EXISTS (SELECT 1 FROM consent_log)
       AND NOT EXISTS (SELECT 1 FROM log_checkpoint) AS empty`;
  return row?.empty === true;
}

/**
 * Creates what is missing: accounts, the two video services with their disclosures, and — for any
 * member with nothing upcoming — consultations later today, or on the next working day (demo-times.ts).
 * With `history` (the embedded database, whose clock the seed clock moves), on a new database with an
 * empty log: first the last 30 days, played on the seed clock (demo-history.ts). Safe to run again.
 */
export async function seedDemoData(
  prisma: TDb,
  now = new Date(),
  options: { history?: boolean } = {},
): Promise<{ createdAccounts: number; createdConsultations: number; historyConsultations: number }> {
  const history = options.history === true && (await prisma.account.count()) === 0 && (await logIsEmpty(prisma));
  const clock = history ? installSeedClock(historyStart(now)) : null;
  const { createdAccounts, services, historyConsultations } = await (async () => {
    try {
      const created = await ensureAccounts(prisma);
      const ensured = await ensureServices(prisma);
      if (!clock) return { createdAccounts: created, services: ensured, historyConsultations: 0 };
      await createHistoryAccounts(prisma);
      const people = await historyPeople(
        prisma,
        DEMO_ACCOUNTS.filter((a) => (a.kind === 'MEMBER' || a.kind === 'EMPLOYER') && !a.initial).map((a) => a.loginName),
      );
      return {
        createdAccounts: created,
        services: ensured,
        historyConsultations: await seedDemoHistory(prisma, clock, people, ensured, now),
      };
    } finally {
      clock?.restore();
    }
  })();
  await ensureDemoPrintCredential(prisma);
  const ids = Object.fromEntries(
    (
      await prisma.account.findMany({
        where: { loginName: { in: DEMO_ACCOUNTS.map((a) => a.loginName) } },
        select: { id: true, loginName: true },
      })
    ).map((a) => [a.loginName, a.id]),
  ) as Record<string, string>;

  const plan = [
    { member: 'A123456780', advisor: 'm.berger', service: services.thirdParty, topic: 'Krankengeld nach Ihrer Operation', hours: 1 },
    { member: 'A123456780', advisor: 's.yilmaz', service: services.own, topic: 'Rehabilitation: Antrag und Ablauf', hours: 3 },
    { member: 'B987654320', advisor: 'm.berger', service: services.own, topic: 'Familienversicherung für Ihr Kind', hours: 2 },
    { member: '12345671', advisor: 's.yilmaz', service: services.thirdParty, topic: 'Beitragsnachweise und Meldeverfahren', hours: 2 },
  ];
  let createdConsultations = 0;
  for (const member of new Set(plan.map((p) => p.member))) {
    const upcoming = await prisma.consultation.count({ where: { memberId: ids[member]!, startsAt: { gte: now } } });
    if (upcoming > 0) continue;
    for (const p of plan.filter((x) => x.member === member)) {
      await createConsultation(prisma, {
        memberId: ids[p.member]!,
        advisorId: ids[p.advisor]!,
        videoServiceId: p.service,
        topic: p.topic,
        startsAt: demoConsultationStart(now, p.hours),
      });
      createdConsultations++;
    }
  }
  await ensureDemoDraft(prisma, services.thirdParty, ids['k.schmidt']!);
  return { createdAccounts, createdConsultations, historyConsultations };
}

/**
 * A revision of the Vidario text that Katrin Schmidt has started and not yet sent for approval, so the
 * demo shows the four-eyes flow: she requests publication, Thomas Wagner approves (docs/decisions/0027).
 * Drafts are not logged until publication is requested, so this needs no log entry.
 */
async function ensureDemoDraft(prisma: TDb, videoServiceId: string, authorId: string) {
  if (await prisma.disclosureDraft.count({ where: { videoServiceId } })) return;
  const { title, body } = THIRD_PARTY_DISCLOSURE.de;
  // One more risk in the list: what the operator keeps about the call itself.
  const advertising = '- Der Anbieter kann Ihre Daten auch für eigene Zwecke nutzen, etwa für Werbung.';
  const revised = body.replace(advertising, `${advertising}\n- Der Anbieter speichert, wann und wie lange Sie mit uns gesprochen haben.`);
  await prisma.disclosureDraft.create({ data: { videoServiceId, language: 'de', title, body: revised, authorId } });
}

/** The demo's print system signs in with PRINT_API_TOKEN from .env.local (scripts/ensure-secrets.mjs). */
async function ensureDemoPrintCredential(prisma: TDb) {
  const hashes = PRINT_TOKEN.hashes(process.env.PRINT_API_TOKEN ?? '');
  if (!hashes) return;
  if (await prisma.printCredential.count({ where: { tokenHash: hashes.tokenHash } })) return;
  // Activated at once: the demo has no second administrator to do it (docs/decisions/0042).
  await prisma.printCredential.create({ data: { label: 'Demo-Drucksystem (npm run letters:print)', ...hashes, activatedAt: new Date() } });
}
