import 'server-only';
import { loggedTransaction } from '@/server/audit-log/append-log-entry';
import { accountStepThrottle } from '@/server/auth/login-throttle';
import { MAX_SECOND_FACTOR_FAILURES } from '@/server/auth/second-factor/policy';
import type { TDb, TTx } from '@/server/db/client';

export type TCodeAttempt<T> = { outcome: 'throttled'; retryAfterSeconds: number } | { outcome: 'wrong' } | { outcome: 'ok'; value: T };

/**
 * One check of a code from the app or a recovery code, throttled per account and network. The account's
 * row is locked first, so attempts for one account run one after another: the failures counted are
 * all those before, and simultaneous guesses cannot all slip under the limit. A wrong or throttled
 * attempt is recorded in the same transaction (it commits; `check` returns null for wrong).
 */
export async function attemptCode<T>(
  prisma: TDb,
  who: { accountId: string; ipPseudonym: string | undefined },
  now: Date,
  check: (tx: TTx) => Promise<T | null>,
): Promise<TCodeAttempt<T>> {
  return loggedTransaction(prisma, async (tx): Promise<TCodeAttempt<T>> => {
    // NO KEY UPDATE: serialises code checks without blocking inserts that merely reference the account.
    await tx.$queryRaw`SELECT 1 FROM account WHERE id = ${who.accountId}::uuid FOR NO KEY UPDATE`;
    const recordFailure = () =>
      tx.loginFailure.create({ data: { accountId: who.accountId, ipPseudonym: who.ipPseudonym ?? null, step: 'second_factor' } });
    const throttle = await accountStepThrottle(tx, { ...who, step: 'second_factor' }, MAX_SECOND_FACTOR_FAILURES, now);
    if (throttle.throttled) {
      await recordFailure();
      return { outcome: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds };
    }
    const value = await check(tx);
    if (value === null) {
      await recordFailure();
      return { outcome: 'wrong' };
    }
    return { outcome: 'ok', value };
  });
}
