import 'server-only';
import { type TAdminActor, isAdmin, logPersonal } from '@/server/auth/admin-actor';
import { openConsultationsWhere } from '@/server/admin/list-staff';
import { staffAccountUnderLock } from '@/server/admin/lock-admins';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';

export type TDeactivateResult =
  { ok: true; sessionsEnded: number; openConsultations: number } | { ok: false; reason: 'not-found' | 'already' | 'self' | 'last-admin' };

/**
 * A leaver: the account is deactivated and every one of its sessions revoked in one transaction, so
 * an open browser is signed out on its next request and sign-in is refused from now on (with the
 * message of a wrong password). The account and its history stay (the log names it); consultations
 * still assigned to it are counted for the administrator, who has colleagues take them over.
 */
export async function deactivateStaffAccount(
  prisma: TDb,
  actor: TAdminActor,
  accountId: string,
  now = new Date(),
): Promise<TDeactivateResult> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const target = await staffAccountUnderLock(tx, actor, accountId);
    if (!target.ok) return target;
    const { account } = target;
    if (account.deactivatedAt) return { ok: false, reason: 'already' } as const;
    if (target.lastActiveAdmin) return { ok: false, reason: 'last-admin' } as const;
    await tx.account.update({ where: { id: account.id }, data: { deactivatedAt: now } });
    const { count } = await tx.session.updateMany({ where: { accountId: account.id, revokedAt: null }, data: { revokedAt: now } });
    const openConsultations = await tx.consultation.count({ where: openConsultationsWhere(account.id, now) });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.staffAccountDeactivated,
      payload: { role: account.kind, sessionsEnded: count, openConsultations },
      personal: logPersonal(actor, account.id),
    });
    return { ok: true, sessionsEnded: count, openConsultations } as const;
  });
}
