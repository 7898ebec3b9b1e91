import 'server-only';
import { lockActiveAdmins } from '@/server/admin/lock-admins';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { usesSecondFactor } from '@/server/auth/second-factor/policy';
import { db } from '@/server/db/client';

export type TResetResult = { ok: true } | { ok: false; reason: 'not-found' | 'self' };

/**
 * For a person who lost their phone and their recovery codes: removes the account's key and recovery
 * codes and ends its sessions, so the next sign-in leads to setup again. Administrators only (a
 * compliance officer resetting a colleague's factor would undo the four-eyes principle's point), never
 * on themselves; 'not-found' for anyone else and for accounts without a second factor.
 */
export async function resetSecondFactor(actor: TActor, accountId: string, now = new Date()): Promise<TResetResult> {
  if (actor.kind !== 'ADMIN') return { ok: false, reason: 'not-found' };
  if (accountId === actor.id) return { ok: false, reason: 'self' };
  const prisma = await db();
  return loggedTransaction(prisma, async (tx) => {
    // The actor's role was read before the lock: someone may have demoted or deactivated them meanwhile.
    if (!(await lockActiveAdmins(tx)).includes(actor.id)) return { ok: false, reason: 'not-found' } as const;
    const target = await tx.account.findUnique({ where: { id: accountId }, select: { id: true, kind: true } });
    if (!target || !usesSecondFactor(target.kind)) return { ok: false, reason: 'not-found' } as const;
    await tx.secondFactor.deleteMany({ where: { accountId } });
    await tx.recoveryCode.deleteMany({ where: { accountId } });
    // Set up again at the next sign-in: a reset is no new grace period for postponing.
    await tx.account.updateMany({
      where: { id: accountId, OR: [{ secondFactorGraceUntil: null }, { secondFactorGraceUntil: { gt: now } }] },
      data: { secondFactorGraceUntil: now },
    });
    await tx.session.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.secondFactorReset,
      payload: { channel: 'web' },
      personal: { actorId: actor.id, subjectId: accountId, ipPseudonym: actor.ipPseudonym },
    });
    return { ok: true } as const;
  });
}
