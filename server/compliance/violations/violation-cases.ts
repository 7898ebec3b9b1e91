import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isRecordId } from '@/server/four-eyes/four-eyes';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import type { CaseStatus } from '@/server/db/generated/enums';

/** A case as compliance sees it: no member identity; the consultation's timeline holds the evidence. */
const CASE_SELECT = {
  id: true,
  kind: true,
  status: true,
  detectedAt: true,
  externalRef: true,
  consultationId: true,
  investigatingSince: true,
  closedAt: true,
  closingNote: true,
  consultation: { select: { videoService: { select: { name: true } }, advisor: { select: { displayName: true } } } },
} satisfies Prisma.ViolationSelect;

/** Cases, open ones first and then newest first; compliance only. */
export async function listViolationCases(prisma: TDb, actor: TActor, filter: { status?: CaseStatus } = {}, take = 100) {
  if (actor.kind !== 'COMPLIANCE') return null;
  const [cases, counts] = await Promise.all([
    prisma.violation.findMany({
      where: filter.status ? { status: filter.status } : {},
      orderBy: [{ status: 'asc' }, { detectedAt: 'desc' }],
      take,
      select: CASE_SELECT,
    }),
    prisma.violation.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  const count = (status: CaseStatus) => counts.find((c) => c.status === status)?._count._all ?? 0;
  return { cases, counts: { OPEN: count('OPEN'), INVESTIGATING: count('INVESTIGATING'), CLOSED: count('CLOSED') } };
}

/** Cases not yet closed, for the overview. */
export async function countUnclosedCases(prisma: TDb, actor: TActor): Promise<number | null> {
  if (actor.kind !== 'COMPLIANCE') return null;
  return prisma.violation.count({ where: { status: { not: 'CLOSED' } } });
}

export async function getViolationCase(prisma: TDb, actor: TActor, id: string) {
  if (actor.kind !== 'COMPLIANCE' || !isRecordId(id)) return null;
  const found = await prisma.violation.findUnique({
    where: { id },
    select: { ...CASE_SELECT, investigatorId: true, closedById: true },
  });
  if (!found) return null;
  // Staff names of who investigates and who closed (the ids are not foreign keys: staff may leave).
  const staffIds = [found.investigatorId, found.closedById].filter((s): s is string => s !== null);
  const staff = staffIds.length
    ? await prisma.account.findMany({ where: { id: { in: staffIds } }, select: { id: true, displayName: true } })
    : [];
  const name = (id: string | null) => staff.find((s) => s.id === id)?.displayName ?? null;
  return { ...found, investigatorName: name(found.investigatorId), closedByName: name(found.closedById) };
}
