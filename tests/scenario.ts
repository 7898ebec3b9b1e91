// A member with consultations on both kinds of video service, built with the seed factories.
import { randomInt } from 'node:crypto';
import { type TSeedSecondFactor, createAccount, createConsultation, createVideoService } from '@/prisma/seed/factories';
import { KASSEN_VIDEO, VIDARIO } from '@/prisma/seed/video-services';
import { AUTH_SECRET as E2E_AUTH_SECRET } from '@/e2e/env';
import { withInsuranceCheckDigit } from '@/server/auth/identifiers';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';

export const TEST_PASSWORD = 'Test-Passwort-123';

/** The TOTP key every test's staff account is enrolled with, so that loginAs can compute its codes. */
export const TEST_TOTP_SECRET = 'TESTTOTPKEYFORTHECONSENTGATEWAY2';

/**
 * For createAccount: staff enrolled with TEST_TOTP_SECRET, sealed for the app under test: Vitest's,
 * the e2e server's, or (`authSecret`) another, e.g. the benchmarks' app.
 */
export function testSecondFactor(authSecret?: string): TSeedSecondFactor {
  return { secretBase32: TEST_TOTP_SECRET, authSecret: authSecret ?? (process.env.VITEST ? process.env.AUTH_SECRET : E2E_AUTH_SECRET) };
}

export function randomInsuranceNumber(): string {
  const letter = String.fromCharCode(65 + randomInt(26));
  return withInsuranceCheckDigit(`${letter}${String(randomInt(100_000_000)).padStart(8, '0')}`);
}

export function actorFor(
  account: { id: string; kind: AccountKind; displayName: string },
  sessionId = '00000000-0000-4000-8000-000000000000',
): TActor {
  return {
    id: account.id,
    kind: account.kind,
    displayName: account.displayName,
    sessionId,
    mustChangePassword: false,
    secondFactorSetupRequired: false,
    idleExpiresAt: new Date(Date.now() + 30 * 60_000),
    ipPseudonym: 'net:test',
    afterPasswordLetter: null,
    previousSignInAt: null,
    failedSignInsBefore: 0,
  };
}

/** The demo's two services under keys of their own, so tests never share a disclosure history. */
export async function createServices(prisma: TDb) {
  const suffix = randomInt(1e9).toString(36);
  const thirdParty = await createVideoService(prisma, { ...VIDARIO, key: `${VIDARIO.key}-${suffix}` });
  const own = await createVideoService(prisma, { ...KASSEN_VIDEO, key: `${KASSEN_VIDEO.key}-${suffix}` });
  return { thirdParty, own };
}

/** A fresh member and advisor, and one consultation later today on each service. */
export async function createScenario(
  prisma: TDb,
  services?: Awaited<ReturnType<typeof createServices>>,
  options: { authSecret?: string } = {},
) {
  const svc = services ?? (await createServices(prisma));
  const member = await createAccount(prisma, {
    kind: 'MEMBER',
    loginName: randomInsuranceNumber(),
    displayName: 'Test Mitglied',
    password: TEST_PASSWORD,
  });
  const advisor = await createAccount(prisma, {
    kind: 'ADVISOR',
    loginName: `advisor.${randomInt(1e9).toString(36)}`,
    displayName: 'Test Beratung',
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(options.authSecret),
  });
  const startsAt = new Date(Date.now() + 2 * 60 * 60 * 1000);
  const onThirdParty = await createConsultation(prisma, {
    memberId: member.id,
    advisorId: advisor.id,
    videoServiceId: svc.thirdParty.id,
    topic: 'Krankengeld',
    startsAt,
  });
  const onOwn = await createConsultation(prisma, {
    memberId: member.id,
    advisorId: advisor.id,
    videoServiceId: svc.own.id,
    topic: 'Rehabilitation',
    startsAt: new Date(startsAt.getTime() + 60 * 60 * 1000),
  });
  return { services: svc, member, advisor, onThirdParty, onOwn };
}

/**
 * The member's consent to the consultation on the scenario's own service, as the consent page records it;
 * `session` overrides what the member's session carries (e.g. `afterPasswordLetter`).
 */
export async function giveConsent(
  prisma: TDb,
  s: Awaited<ReturnType<typeof createScenario>>,
  choices: { recording: boolean },
  session: Partial<TActor> = {},
) {
  // Loaded here, not at the top: the e2e runner imports this file too, and cannot load the message files these modules read.
  const { currentDisclosure } = await import('@/server/disclosure/current-disclosure');
  const { issueServedToken } = await import('@/server/consent/served-token');
  const { termsDigest } = await import('@/server/consent-rules/consent-terms');
  const { recordDecision } = await import('@/server/consent/record-decision');
  const service = await prisma.videoService.findUniqueOrThrow({ where: { id: s.services.own.id } });
  const disclosure = (await currentDisclosure(prisma, service.id, 'de'))!;
  const servedToken = issueServedToken({
    d: disclosure.id,
    h: disclosure.contentHash,
    l: 'de',
    m: s.member.id,
    c: s.onOwn.id,
    s: termsDigest('de', service, s.member.kind),
  });
  const result = await recordDecision(
    { ...actorFor(s.member), ...session },
    {
      consultationId: s.onOwn.id,
      servedToken,
      intent: 'consent',
      transmission: 'yes',
      ...(choices.recording ? { recording: 'yes' as const } : {}),
    },
  );
  if (result.kind !== 'recorded') throw new Error(`consent not recorded: ${result.kind}`);
}
