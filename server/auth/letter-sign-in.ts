import 'server-only';
import type { TTx } from '@/server/db/client';
import type { LetterRequester } from '@/server/db/generated/enums';
import { LETTER_MARK_WINDOW_MS } from '@/server/auth/initial-password';

const MEMBER_KINDS = new Set(['MEMBER', 'EMPLOYER']);

/**
 * Called in the sign-in's transaction after the password proved right, under the account's row lock:
 * the hash it was checked against must still be the account's (a block, a letter fetched or a password
 * changed meanwhile wins: the sign-in is refused as if the password were wrong), and a member's code from
 * a letter is good for one sign-in (docs/decisions/0042): a code still unused is used up now (it expires
 * this moment, the letter notes the sign-in), and one used meanwhile by a simultaneous sign-in is refused.
 */
export async function holdSignIn(tx: TTx, account: { id: string; kind: string; passwordHash: string }, now: Date): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ passwordHash: string; mustChange: boolean; expiresAt: Date | null }[]>`
    SELECT password_hash AS "passwordHash", must_change_password AS "mustChange", initial_password_expires_at AS "expiresAt"
    FROM account WHERE id = ${account.id}::uuid FOR UPDATE`;
  if (!row || row.passwordHash !== account.passwordHash) return false;
  if (!MEMBER_KINDS.has(account.kind) || !row.mustChange || row.expiresAt === null) return true;
  // Used up on the database's clock, read under the lock: a simultaneous sign-in that took its time before
  // this one but got the lock after it must see the code expired (its own earlier clock would not).
  // Truncated, not rounded up to the column's milliseconds, so the stored end is never after the clock.
  const used = await tx.$queryRaw<{ id: string }[]>`
    UPDATE account SET initial_password_expires_at = date_trunc('milliseconds', clock_timestamp())
    WHERE id = ${account.id}::uuid AND initial_password_expires_at > clock_timestamp() RETURNING id::text`;
  if (used.length === 0) return false;
  const [letter] = await tx.passwordLetter.findMany({
    where: { accountId: account.id, state: { in: ['HANDED_TO_PRINT', 'PRINTED'] }, codeUsedAt: null },
    orderBy: { handedAt: 'desc' },
    take: 1,
    select: { id: true },
  });
  if (letter) await tx.passwordLetter.update({ where: { id: letter.id }, data: { codeUsedAt: now } });
  return true;
}

/**
 * The member replaced a letter's code with a password of their own: noted on the letter whose code
 * opened this session (the latest used), for the mark below. Older letters whose code was used and
 * left keep no such note: they did not lead to this password.
 */
export async function notePasswordSetAfterLetter(tx: TTx, accountId: string, now: Date): Promise<void> {
  const [letter] = await tx.passwordLetter.findMany({
    where: { accountId, codeUsedAt: { not: null }, passwordSetAt: null },
    orderBy: { codeUsedAt: 'desc' },
    take: 1,
    select: { id: true },
  });
  if (letter) await tx.passwordLetter.update({ where: { id: letter.id }, data: { passwordSetAt: now } });
}

/**
 * Who had requested the letter whose code the member replaced within LETTER_MARK_WINDOW_MS before `now`,
 * or null: a session opened now carries it, and so does every consent given from that session.
 */
export async function letterMarkForNewSession(tx: TTx, account: { id: string; kind: string }, now: Date): Promise<LetterRequester | null> {
  if (!MEMBER_KINDS.has(account.kind)) return null;
  const [letter] = await tx.passwordLetter.findMany({
    where: { accountId: account.id, passwordSetAt: { gt: new Date(now.getTime() - LETTER_MARK_WINDOW_MS) } },
    orderBy: [{ passwordSetAt: 'desc' }, { codeUsedAt: 'desc' }],
    take: 1,
    select: { requestedByKind: true },
  });
  return letter?.requestedByKind ?? null;
}
