import 'server-only';
import type { TTx } from '@/server/db/client';

export type TSignInHistory = { previousSignInAt: Date | null; failedSignInsBefore: number };

/**
 * What a person is told right after signing in (docs/decisions/0049): when they signed in before, and
 * how many attempts with their name or their codes failed or were refused since then, so that they notice
 * strangers trying. Read in the transaction that opens the new session, before its row exists.
 */
export async function signInHistory(tx: TTx, accountId: string, now: Date): Promise<TSignInHistory> {
  const previous = await tx.session.findFirst({ where: { accountId, secondFactorPending: false }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
  const failedSignInsBefore = await tx.loginFailure.count({
    where: { accountId, step: { in: ['password', 'second_factor'] }, attemptedAt: { gt: previous?.createdAt ?? new Date(0), lte: now } },
  });
  return { previousSignInAt: previous?.createdAt ?? null, failedSignInsBefore };
}
