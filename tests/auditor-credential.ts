// An auditor credential as two officers would have issued it (the flow itself: e2e/staff), written straight
// into the database for the specs and benchmarks that need one: the whole token, as the auditor holds it.
import type { TDb } from '@/server/db/client';
import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';

export async function activeAuditorToken(
  prisma: TDb,
  {
    label,
    entriesFrom = new Date('2000-01-01'),
    entriesUntil = new Date('2100-01-01'),
  }: { label: string; entriesFrom?: Date; entriesUntil?: Date },
): Promise<string> {
  const token = AUDITOR_TOKEN.newToken();
  await prisma.auditorCredential.create({
    data: {
      label,
      ...AUDITOR_TOKEN.hashes(token)!,
      entriesFrom,
      entriesUntil,
      expiresAt: new Date(Date.now() + 86_400_000),
      activatedAt: new Date(),
    },
  });
  return token;
}
