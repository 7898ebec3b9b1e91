import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { CONSULTATION_SELECT, withEvaluation } from '@/server/consultation/member-consultation';
import type { TDb } from '@/server/db/client';

/** The advisor's own consultations from an hour ago on (need-to-know: never a colleague's). */
export async function listAdvisorConsultations(prisma: TDb, actor: TActor, now = new Date()) {
  if (actor.kind !== 'ADVISOR') return [];
  const rows = await prisma.consultation.findMany({
    where: { advisorId: actor.id, cancelledAt: null, startsAt: { gte: new Date(now.getTime() - 60 * 60 * 1000) } },
    orderBy: { startsAt: 'asc' },
    take: 100,
    select: { ...CONSULTATION_SELECT, recordingState: true, recordingStopDueAt: true, _count: { select: { violations: true } } },
  });
  return Promise.all(rows.map((row) => withEvaluation(prisma, row, 'de')));
}
