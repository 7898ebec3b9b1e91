import 'server-only';
import type { TTx } from '@/server/db/client';

export type TSignInHistory = { previousSignInAt: Date | null; failedSignInsBefore: number };

/**
 * What a person is told right after signing in (docs/decisions/0049): when they signed in before, and
 * how many attempts with their name or their codes failed or were refused since then, so that they notice
 * strangers trying. Called in the transaction that opens the new session, under the account's lock (the
 * sign-in's), which notes this sign-in's time for the next one: attempts after `now` are counted then.
 */
export async function signInHistory(tx: TTx, accountId: string, now: Date): Promise<TSignInHistory> {
  const { lastSignInAt } = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { lastSignInAt: true } });
  const failedSignInsBefore = await tx.loginFailure.count({
    where: { accountId, step: { in: ['password', 'second_factor'] }, attemptedAt: { gt: lastSignInAt ?? new Date(0), lte: now } },
  });
  await tx.account.update({ where: { id: accountId }, data: { lastSignInAt: now } });
  return { previousSignInAt: lastSignInAt, failedSignInsBefore };
}
