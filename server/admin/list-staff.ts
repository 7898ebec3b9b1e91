import 'server-only';
import { type TAdminActor, STAFF_KINDS, isAdmin } from '@/server/auth/admin-actor';
import { isSignInLocked } from '@/server/admin/sign-in-status';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';

const STAFF_ROW = {
  id: true,
  kind: true,
  loginName: true,
  displayName: true,
  mustChangePassword: true,
  deactivatedAt: true,
  createdAt: true,
  secondFactor: { select: { confirmedAt: true } },
} satisfies Prisma.AccountSelect;

export type TStaffStatus = 'active' | 'deactivated' | 'locked';
export type TStaffRow = Prisma.AccountGetPayload<{ select: typeof STAFF_ROW }> & { status: TStaffStatus; openConsultations: number };

/** Consultations not cancelled and not yet over: what a leaver's colleagues still have to take on. */
export function openConsultationsWhere(advisorId: string, now: Date): Prisma.ConsultationWhereInput {
  return { advisorId, cancelledAt: null, startsAt: { gte: new Date(now.getTime() - 24 * 60 * 60_000) } };
}

async function withStatus(prisma: TDb, row: Prisma.AccountGetPayload<{ select: typeof STAFF_ROW }>, now: Date): Promise<TStaffRow> {
  const status: TStaffStatus = row.deactivatedAt ? 'deactivated' : (await isSignInLocked(prisma, row.loginName, now)) ? 'locked' : 'active';
  const openConsultations =
    row.kind === 'ADVISOR' || row.deactivatedAt ? await prisma.consultation.count({ where: openConsultationsWhere(row.id, now) }) : 0;
  return { ...row, status, openConsultations };
}

/** Every staff account with its status; for administrators only (anyone else: an empty list). */
export async function listStaff(prisma: TDb, actor: TAdminActor, now = new Date()): Promise<TStaffRow[]> {
  if (!isAdmin(actor)) return [];
  const rows = await prisma.account.findMany({
    where: { kind: { in: [...STAFF_KINDS] } },
    select: STAFF_ROW,
    orderBy: [{ deactivatedAt: { sort: 'desc', nulls: 'first' } }, { displayName: 'asc' }],
  });
  return Promise.all(rows.map((row) => withStatus(prisma, row, now)));
}

export type TStaffDetail = TStaffRow & { consultations: { id: string; startsAt: Date }[] };

/**
 * One staff account for its page, with the consultations still assigned to it (times only: the
 * administrator needs to know that someone must take them over, not what they are about).
 */
export async function getStaffAccount(prisma: TDb, actor: TAdminActor, accountId: string, now = new Date()): Promise<TStaffDetail | null> {
  if (!isAdmin(actor)) return null;
  const row = await prisma.account.findFirst({ where: { id: accountId, kind: { in: [...STAFF_KINDS] } }, select: STAFF_ROW });
  if (!row) return null;
  const consultations = await prisma.consultation.findMany({
    where: openConsultationsWhere(row.id, now),
    select: { id: true, startsAt: true },
    orderBy: { startsAt: 'asc' },
    take: 50,
  });
  return { ...(await withStatus(prisma, row, now)), consultations };
}
