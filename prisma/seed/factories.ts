// Factories shared by the demo seed and the tests, so both build data the same way.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '@/server/auth/password-hashing';
import type { TDb } from '@/server/db/client';
import type { TVideoServiceDefinition } from '@/prisma/seed/video-services';
import type { AccountKind } from '@/server/db/generated/enums';
import { disclosureHash } from '@/server/disclosure/canonical-text';

export async function createAccount(
  prisma: TDb,
  input: { kind: AccountKind; loginName: string; displayName: string; password: string; mustChangePassword?: boolean },
) {
  return prisma.account.create({
    data: {
      kind: input.kind,
      loginName: input.loginName,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      mustChangePassword: input.mustChangePassword ?? false,
    },
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
