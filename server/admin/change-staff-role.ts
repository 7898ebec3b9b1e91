import 'server-only';
import { type TAdminActor, isAdmin, logPersonal } from '@/server/auth/admin-actor';
import { openConsultationsWhere } from '@/server/admin/list-staff';
import { staffAccountUnderLock } from '@/server/admin/lock-admins';
import type { TChangeRoleInput } from '@/server/admin/staff-input';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';

export type TChangeRoleResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; reason: 'not-found' | 'unchanged' | 'deactivated' | 'self' | 'last-admin' | 'open-consultations' };

/**
 * Moves a staff account between advisor, compliance and administrator. Its sessions end in the same
 * transaction, so the person signs in again into the area of the new role and nothing of the old one
 * stays open. Administrators cannot change their own role (no one locks themselves out by mistake),
 * the last active administrator stays one, and an advisor with open consultations hands them over first.
 */
export async function changeStaffRole(prisma: TDb, actor: TAdminActor, input: TChangeRoleInput): Promise<TChangeRoleResult> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const target = await staffAccountUnderLock(tx, actor, input.accountId);
    if (!target.ok) return target;
    const { account } = target;
    if (account.deactivatedAt) return { ok: false, reason: 'deactivated' } as const;
    if (account.kind === input.kind) return { ok: false, reason: 'unchanged' } as const;
    if (target.lastActiveAdmin) return { ok: false, reason: 'last-admin' } as const;
    const now = new Date();
    // Only advisors can hand consultations over: an advisor who changes role first hands theirs to colleagues.
    if (account.kind === 'ADVISOR' && (await tx.consultation.count({ where: openConsultationsWhere(account.id, now) })) > 0)
      return { ok: false, reason: 'open-consultations' } as const;
    await tx.account.update({ where: { id: account.id }, data: { kind: input.kind } });
    const { count } = await tx.session.updateMany({ where: { accountId: account.id, revokedAt: null }, data: { revokedAt: now } });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.staffRoleChanged,
      payload: { from: account.kind, to: input.kind, sessionsEnded: count },
      personal: logPersonal(actor, account.id),
    });
    return { ok: true, sessionsEnded: count } as const;
  });
}
