// Factories shared by the demo seed and the tests, so both build data the same way.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@/server/auth/password-hashing';
import { sealSecret } from '@/server/auth/second-factor/secret-box';
import { base32Decode } from '@/server/auth/second-factor/totp';
import type { TDb } from '@/server/db/client';
import type { TVideoServiceDefinition } from '@/prisma/seed/video-services';
import type { AccountKind } from '@/server/db/generated/enums';
import { disclosureHash } from '@/server/disclosure/canonical-text';

/** A known TOTP key for a staff account, and the AUTH_SECRET of the app it is sealed for (docs/decisions/0040). */
export type TSeedSecondFactor = { secretBase32: string; authSecret?: string };

export async function createAccount(
  prisma: TDb,
  input: {
    kind: AccountKind;
    loginName: string;
    displayName: string;
    password: string;
    mustChangePassword?: boolean;
    secondFactor?: TSeedSecondFactor;
  },
) {
  const account = await prisma.account.create({
    data: {
      kind: input.kind,
      loginName: input.loginName,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      mustChangePassword: input.mustChangePassword ?? false,
    },
  });
  if (input.secondFactor) await enrolSecondFactor(prisma, account.id, input.secondFactor);
  return account;
}

/** Sets a confirmed second factor with a known key, as if the person had set it up (no recovery codes). */
export async function enrolSecondFactor(prisma: TDb, accountId: string, factor: TSeedSecondFactor) {
  const secret = base32Decode(factor.secretBase32);
  if (!secret || secret.length < 10) throw new Error('second factor key: base32, at least 16 characters');
  await prisma.secondFactor.create({
    data: { accountId, secretEncrypted: sealSecret(secret, accountId, factor.authSecret), confirmedAt: new Date() },
  });
}

/** A video service with version 1 of its disclosure in German and English. */
export async function createVideoService(prisma: TDb, definition: TVideoServiceDefinition) {
  const { disclosures, ...service } = definition;
  const created = await prisma.videoService.create({ data: { thirdCountries: [], ...service } });
  for (const language of ['de', 'en'] as const) {
    await publishDisclosure(prisma, { videoServiceId: created.id, language, ...disclosures[language] });
  }
  return created;
}

/** Publishes the next version of a service's disclosure in one language. */
export async function publishDisclosure(prisma: TDb, input: { videoServiceId: string; language: string; title: string; body: string }) {
  const latest = await prisma.disclosureVersion.findFirst({
    where: { videoServiceId: input.videoServiceId, language: input.language },
    orderBy: { version: 'desc' },
    select: { version: true },
  });
  return prisma.disclosureVersion.create({
    data: { ...input, version: (latest?.version ?? 0) + 1, contentHash: disclosureHash(input), publishedAt: new Date() },
  });
}

export async function createConsultation(
  prisma: TDb,
  input: { memberId: string; advisorId: string; videoServiceId: string; topic: string; startsAt: Date; durationMinutes?: number },
) {
  return prisma.consultation.create({
    data: { durationMinutes: 30, room: `cg-${randomBytes(12).toString('hex')}`, ...input },
  });
}
