// One small world per Playwright worker: every actor of the matrix with a session of its own, and one
// of every object a dynamic segment can name, owned by someone specific (docs/decisions/0033).
import { createHmac, randomInt, randomUUID } from 'node:crypto';
import type { Browser } from '@playwright/test';
import { encode } from 'next-auth/jwt';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';
import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';
import { PRINT_TOKEN } from '@/server/print-api/print-credential';
import { TEST_PASSWORD, createServices, randomInsuranceNumber, testSecondFactor } from '@/tests/scenario';
import { AUTH_SECRET, E2E_GATEWAY_SECRET } from '../env';

// `print`: the print and mail system with its credential (docs/decisions/0042); `auditor`: an outside auditor
// with an active credential for the log's entry bundles (0057). Neither has a session, each a bearer token.
export const ACTORS = [
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
] as const;
export type TActorName = (typeof ACTORS)[number];

// The cookie Auth.js sets over plain http (the e2e server); its name is also the key derivation's salt.
const COOKIE_NAME = 'authjs.session-token';

async function sessionCookie(
  prisma: TDb,
  account: { id: string; kind: AccountKind },
  state: 'alive' | 'expired' | 'revoked',
): Promise<string> {
  const id = randomUUID();
  const idle = account.kind === 'MEMBER' || account.kind === 'EMPLOYER' ? 30 * 60 : 60 * 60;
  const now = Date.now();
  await prisma.session.create({
    data: {
      id,
      accountId: account.id,
      // Expired: last seen longer ago than its idle timeout, as after a walk away from the screen.
      lastSeenAt: new Date(state === 'expired' ? now - (idle + 60) * 1000 : now),
      idleTimeoutSeconds: idle,
      revokedAt: state === 'revoked' ? new Date(now) : null,
    },
  });
  const token = await encode({ token: { sid: id, sub: account.id }, secret: AUTH_SECRET, salt: COOKIE_NAME, maxAge: 12 * 60 * 60 });
  return `${COOKIE_NAME}=${token}`;
}

export type TWorld = Awaited<ReturnType<typeof createWorld>>;

export async function createWorld(prisma: TDb, browser: Browser, baseURL: string) {
  const tag = randomInt(1e9).toString(36);
  const services = await createServices(prisma);
  // Staff are enrolled in the second factor, so their sessions are full sessions (docs/decisions/0040).
  const account = (kind: AccountKind, loginName: string, displayName: string, mustChangePassword = false) =>
    createAccount(prisma, {
      kind,
      loginName,
      displayName,
      password: TEST_PASSWORD,
      mustChangePassword,
      ...(kind === 'MEMBER' || kind === 'EMPLOYER' ? {} : { secondFactor: testSecondFactor() }),
    });
  const memberA = await account('MEMBER', randomInsuranceNumber(), `Anna Authz ${tag}`);
  const memberB = await account('MEMBER', randomInsuranceNumber(), `Bernd Authz ${tag}`);
  const employer = await account('EMPLOYER', `9${String(randomInt(1e7)).padStart(7, '0')}`, `Authz Bau GmbH ${tag}`);
  // Still on the initial password from the letter: may only set a new one.
  const initial = await account('MEMBER', randomInsuranceNumber(), `Ines Authz ${tag}`, true);
  const advisorX = await account('ADVISOR', `x.authz.${tag}`, `Xaver Authz ${tag}`);
  const advisorY = await account('ADVISOR', `y.authz.${tag}`, `Yvonne Authz ${tag}`);
  const compliance = await account('COMPLIANCE', `c.authz.${tag}`, `Clara Authz ${tag}`);
  const admin = await account('ADMIN', `a.authz.${tag}`, `Adam Authz ${tag}`);
  // Two failed sign-ins with member A's name (below any limit): a refused unlock must leave them uncleared.
  const nameKey = createHmac('sha256', E2E_GATEWAY_SECRET).update(`sign-in-name:${memberA.loginName}`).digest('hex').slice(0, 32);
  await prisma.loginFailure.createMany({
    data: [
      { accountId: memberA.id, identifierKey: nameKey },
      { accountId: memberA.id, identifierKey: nameKey },
    ],
  });

  const startsAt = new Date(Date.now() + 3 * 60 * 60 * 1000);
  const consultation = (member: { id: string }, advisor: { id: string }, serviceId: string, topic: string, offsetMinutes: number) =>
    createConsultation(prisma, {
      memberId: member.id,
      advisorId: advisor.id,
      videoServiceId: serviceId,
      topic,
      startsAt: new Date(startsAt.getTime() + offsetMinutes * 60_000),
    });
  // Topics carry the tag, so a leak of one into another person's answer is found by text.
  const aOwn = await consultation(memberA, advisorX, services.own.id, `Thema Anna eigen ${tag}`, 0);
  const aThird = await consultation(memberA, advisorX, services.thirdParty.id, `Thema Anna Vidario ${tag}`, 60);
  const bOwn = await consultation(memberB, advisorY, services.own.id, `Thema Bernd eigen ${tag}`, 120);
  const eOwn = await consultation(employer, advisorX, services.own.id, `Thema Betrieb ${tag}`, 180);

  const cookies: Record<TActorName, string | null> = {
    anonymous: null,
    memberA: await sessionCookie(prisma, memberA, 'alive'),
    memberB: await sessionCookie(prisma, memberB, 'alive'),
    employer: await sessionCookie(prisma, employer, 'alive'),
    initial: await sessionCookie(prisma, initial, 'alive'),
    advisorX: await sessionCookie(prisma, advisorX, 'alive'),
    advisorY: await sessionCookie(prisma, advisorY, 'alive'),
    compliance: await sessionCookie(prisma, compliance, 'alive'),
    admin: await sessionCookie(prisma, admin, 'alive'),
    // Both are member A's own sessions: A's data must not be reachable through them.
    expired: await sessionCookie(prisma, memberA, 'expired'),
    revoked: await sessionCookie(prisma, memberA, 'revoked'),
    print: null,
    auditor: null,
  };
  const printToken = PRINT_TOKEN.newToken();
  const printCredential = await prisma.printCredential.create({
    data: { label: `Authz-Druck ${tag}`, ...PRINT_TOKEN.hashes(printToken)!, activatedAt: new Date() },
    select: { id: true },
  });
  // One made by someone else and not yet activated: the activation action's fields name it.
  const pendingCredential = await prisma.printCredential.create({
    data: {
      label: `Authz-Druck wartend ${tag}`,
      tokenHash: PRINT_TOKEN.hashes(PRINT_TOKEN.newToken())!.tokenHash,
      createdById: compliance.id,
    },
    select: { id: true },
  });
  // A letter member B waits for, fetched by the world's print credential and not yet reported on.
  const handedLetter = await prisma.passwordLetter.create({
    data: {
      accountId: memberB.id,
      requestedByKind: 'ADMIN',
      requestedById: admin.id,
      language: 'de',
      state: 'HANDED_TO_PRINT',
      handedAt: new Date(),
      printCredentialId: printCredential.id,
      codeExpiresAt: new Date(Date.now() + 14 * 86_400_000),
    },
    select: { id: true },
  });
  // An auditor's active credential for every entry the log has (written directly, as the print credential's
  // is), and one made by someone else and waiting for a second officer: the activation's fields name it.
  const auditorToken = AUDITOR_TOKEN.newToken();
  const auditorCredential = await prisma.auditorCredential.create({
    data: {
      label: `Authz-Prüfung ${tag}`,
      ...AUDITOR_TOKEN.hashes(auditorToken)!,
      entriesFrom: new Date('2000-01-01T00:00:00Z'),
      entriesUntil: new Date('2100-01-01T00:00:00Z'),
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      createdById: compliance.id,
      activatedAt: new Date(),
    },
    select: { id: true },
  });
  const pendingAuditorCredential = await prisma.auditorCredential.create({
    data: {
      label: `Authz-Prüfung wartend ${tag}`,
      tokenHash: AUDITOR_TOKEN.hashes(AUDITOR_TOKEN.newToken())!.tokenHash,
      entriesFrom: new Date('2000-01-01T00:00:00Z'),
      entriesUntil: new Date('2100-01-01T00:00:00Z'),
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
    },
    select: { id: true },
  });
  /** Headers an actor sends besides its cookie: the print system's and the auditor's bearer tokens. */
  const authorization: Partial<Record<TActorName, string>> = { print: `Bearer ${printToken}`, auditor: `Bearer ${auditorToken}` };

  // Member A consents to aOwn through the consent page (the served token is the page's), so a receipt exists.
  const context = await browser.newContext({ baseURL });
  const [name = '', value = ''] = cookies.memberA!.split(/=(.*)/s);
  await context.addCookies([{ name, value, url: baseURL }]);
  const page = await context.newPage();
  await page.goto(`/member/consultations/${aOwn.id}`);
  await page.locator('input[name="transmission"]').check();
  await page.locator('button[name="intent"][value="consent"]').click();
  // Opening the receipt signs the first checkpoint, so /api/log/checkpoint answers alike in every test.
  await page.locator('a[href^="/member/receipts/"]').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await context.close();
  // The first request with the expired session revokes its row; done here, so no cell sees that write.
  await fetch(`${baseURL}/member`, { headers: { cookie: cookies.expired! }, redirect: 'manual' });
  // The receipt's address names the entry's queue id (the entry may already have left the queue).
  const receipt = await prisma.logEntry.findFirstOrThrow({
    where: { consultationId: aOwn.id, eventType: 'consent.given' },
    orderBy: { seq: 'desc' },
    select: { queueId: true },
  });
  const disclosure = await prisma.disclosureVersion.findFirstOrThrow({
    where: { videoServiceId: services.own.id, language: 'de' },
    orderBy: { version: 'desc' },
    select: { id: true },
  });

  const violation = await prisma.violation.create({
    data: { consultationId: aOwn.id, kind: 'RECORDING_WITHOUT_CONSENT', externalRef: `EG_authz_${tag}` },
  });
  const logExport = await prisma.logExport.create({
    data: { officerId: compliance.id, format: 'CSV', filter: {}, reason: `Prüfung ${tag}`, treeSize: 0n },
  });
  const draft = await prisma.disclosureDraft.create({
    data: {
      videoServiceId: services.own.id,
      language: 'de',
      title: `Entwurf ${tag}`,
      body: `Text des Entwurfs ${tag}.`,
      authorId: compliance.id,
    },
  });
  const proposal = await prisma.videoServiceProposal.create({
    data: {
      videoServiceId: null,
      key: `authz-${tag}`,
      name: `Authz Video ${tag}`,
      operator: 'Authz GmbH',
      processingRegion: 'EU_EEA',
      thirdCountries: [],
      endToEndEncrypted: true,
      canRecord: false,
      joinUrlTemplate: 'https://video.example/{room}',
      access: 'LINK',
      proposedById: compliance.id,
    },
  });

  const accounts = { memberA, memberB, employer, initial, advisorX, advisorY, compliance, admin };
  return {
    tag,
    services,
    accounts,
    consultations: { aOwn, aThird, bOwn, eOwn },
    receiptQueueId: receipt.queueId.toString(),
    disclosureVersionId: disclosure.id,
    violationId: violation.id,
    exportId: logExport.id,
    draftId: draft.id,
    proposalId: proposal.id,
    printCredentialId: printCredential.id,
    pendingCredentialId: pendingCredential.id,
    handedLetterId: handedLetter.id,
    auditorCredentialId: auditorCredential.id,
    pendingAuditorCredentialId: pendingAuditorCredential.id,
    cookies,
    authorization,
  };
}

/**
 * Everything an action of the matrix could change in this world, as one comparable value: log entries
 * about its consultations, decisions, the consultations' state, drafts and their requests, proposals,
 * violation cases, exports, sessions, passwords and second factors, roles and deactivations, joiners and
 * cleared sign-in failures.
 */
export async function snapshot(prisma: TDb, world: TWorld): Promise<Record<string, string>> {
  const consultationIds = Object.values(world.consultations).map((c) => c.id);
  const accountIds = Object.values(world.accounts).map((a) => a.id);
  // Each part by name, all read at once.
  const reads: Record<string, Promise<unknown>> = {
    // An entry moves from the queue into the log when anyone's request integrates it, in one transaction:
    // both counts in one statement see one snapshot, so the move cannot be counted twice or not at all.
    // Not counted: the summaries of repeated denied joins, which the app's timer writes whenever a ten-minute
    // window closes (docs/decisions/0051), for attempts made by earlier tests, not by the request under test.
    logged: prisma.$queryRaw<{ n: bigint }[]>`
      SELECT (SELECT count(*) FROM consent_log_queue WHERE consultation_id = ANY(${consultationIds}::uuid[]) AND event_type <> ${LOG_EVENT.joinDeniedRepeated})
           + (SELECT count(*) FROM consent_log WHERE consultation_id = ANY(${consultationIds}::uuid[]) AND event_type <> ${LOG_EVENT.joinDeniedRepeated}) AS n`.then(
      (rows) => rows[0]?.n,
    ),
    decisions: prisma.consentDecision.count({ where: { consultationId: { in: consultationIds } } }),
    consultations: prisma.consultation.findMany({ where: { id: { in: consultationIds } }, orderBy: { id: 'asc' } }),
    drafts: prisma.disclosureDraft.findMany({ where: { authorId: world.accounts.compliance.id }, orderBy: { id: 'asc' } }),
    requests: prisma.disclosurePublicationRequest.count({ where: { draftId: world.draftId } }),
    proposals: prisma.videoServiceProposal.findMany({ where: { proposedById: world.accounts.compliance.id }, orderBy: { id: 'asc' } }),
    violations: prisma.violation.findMany({ where: { consultationId: { in: consultationIds } }, orderBy: { id: 'asc' } }),
    exports: prisma.logExport.count({ where: { officerId: world.accounts.compliance.id } }),
    sessions: prisma.session.findMany({
      where: { accountId: { in: accountIds } },
      select: { id: true, revokedAt: true, secondFactorPostponed: true },
      orderBy: { id: 'asc' },
    }),
    accounts: prisma.account.findMany({
      where: { id: { in: accountIds } },
      select: { id: true, kind: true, passwordHash: true, mustChangePassword: true, deactivatedAt: true, secondFactorGraceUntil: true },
      orderBy: { id: 'asc' },
    }),
    services: prisma.videoService.findMany({
      where: { id: { in: [world.services.own.id, world.services.thirdParty.id] } },
      orderBy: { id: 'asc' },
    }),
    // The administrator's actions: a joiner the matrix's fields name, and member A's failures cleared by an unlock.
    joiners: prisma.account.count({ where: { loginName: { startsWith: `evil.${world.tag}` } } }),
    failures: prisma.loginFailure.findMany({
      where: { accountId: world.accounts.memberA.id },
      select: { id: true, clearedAt: true },
      orderBy: { id: 'asc' },
    }),
    secondFactors: prisma.secondFactor.findMany({ where: { accountId: { in: accountIds } }, orderBy: { accountId: 'asc' } }),
    recoveryCodes: prisma.recoveryCode.findMany({ where: { accountId: { in: accountIds } }, orderBy: { id: 'asc' } }),
    // The print system's credentials the world made or the matrix's fields name, and letters for its accounts.
    printCredentials: prisma.printCredential.findMany({
      where: { label: { contains: world.tag } },
      select: { id: true, revokedAt: true, activatedAt: true },
      orderBy: { id: 'asc' },
    }),
    letters: prisma.passwordLetter.findMany({ where: { accountId: { in: accountIds } }, orderBy: { id: 'asc' } }),
    // The auditor credentials the world made or the matrix's fields name (when one was last used is activity, not a write).
    auditorCredentials: prisma.auditorCredential.findMany({
      where: { label: { contains: world.tag } },
      select: { id: true, revokedAt: true, activatedAt: true, activatedById: true, activationHash: true },
      orderBy: { id: 'asc' },
    }),
  };
  return Object.fromEntries(
    await Promise.all(
      Object.entries(reads).map(async ([name, read]): Promise<[string, string]> => [
        name,
        JSON.stringify(await read, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      ]),
    ),
  );
}

/** The names of the parts of two snapshots that differ: what a refused action wrote, if anything. */
export function changedParts(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((name) => before[name] !== after[name]);
}
