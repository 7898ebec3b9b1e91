import 'server-only';
import { type TAdminActor, isAdmin, logPersonal } from '@/server/auth/admin-actor';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { BACK_OFF_MEMORY_MS, identifierKey } from '@/server/auth/login-throttle';
import type { TDb } from '@/server/db/client';

export type TUnlockResult = { ok: true; accountId: string; cleared: number } | { ok: false; reason: 'not-found' };

/**
 * Unlocks sign-in for an account (staff or member) whose name is throttled (docs/decisions/0036): its
 * failures of the last day (the back-off's memory) are marked cleared, not deleted, so they stay on record
 * for their retention period but no longer count, on any network (0049). Throttling by network is left
 * alone: it protects against guessing across names.
 */
export async function unlockSignIn(prisma: TDb, actor: TAdminActor, signInName: string, now = new Date()): Promise<TUnlockResult> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  const identifier = classifyLoginIdentifier(signInName);
  if (!('value' in identifier)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const account = await tx.account.findUnique({ where: { loginName: identifier.value }, select: { id: true } });
    if (!account) return { ok: false, reason: 'not-found' } as const;
    const { count } = await tx.loginFailure.updateMany({
      where: {
        identifierKey: identifierKey(identifier.value),
        clearedAt: null,
        attemptedAt: { gte: new Date(now.getTime() - BACK_OFF_MEMORY_MS) },
      },
      data: { clearedAt: now },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.signInUnlocked,
      payload: { cleared: count },
      personal: logPersonal(actor, account.id),
    });
    return { ok: true, accountId: account.id, cleared: count } as const;
  });
}
