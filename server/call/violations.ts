import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';

/**
 * Violations the system raised (e.g. a recording LiveKit reported without consent), newest first, for
 * compliance. Holds no personal data: the consultation, the kind and when it was detected; the log
 * holds the evidence.
 */
export async function listViolations(prisma: TDb, actor: TActor, limit = 50) {
  if (actor.kind !== 'COMPLIANCE') return [];
  return prisma.violation.findMany({
    orderBy: { detectedAt: 'desc' },
    take: limit,
    select: { id: true, consultationId: true, kind: true, detectedAt: true },
  });
}
