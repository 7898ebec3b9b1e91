import 'server-only';
import { NO_PASSWORD } from '@/server/auth/password-hashing';
import type { TTx } from '@/server/db/client';
import { MAX_LETTER_ATTEMPTS, type TAnyLetterFailureReason } from '@/server/letters/letter-policy';

/** What failing a handed-over letter needs to know about it. */
const FAILING_LETTER_SELECT = {
  accountId: true,
  handedAt: true,
  attempt: true,
  firstAccess: true,
  requestedByKind: true,
  requestedById: true,
  language: true,
  codeUsedAt: true,
} as const;

type TFailingLetter = {
  id: string;
  accountId: string;
  handedAt: Date | null;
  attempt: number;
  firstAccess: boolean;
  requestedByKind: 'ADMIN' | 'ADVISOR' | 'OPERATOR';
  requestedById: string | null;
  language: string;
  codeUsedAt: Date | null;
};

/**
 * Locks a member's row, then one of their letters (the order every change to a member's letters takes,
 * 0042), and reads the letter as it is now; null if it is gone.
 */
export async function lockMembersLetter(tx: TTx, accountId: string, letterId: string) {
  await tx.$queryRaw`SELECT id FROM account WHERE id = ${accountId}::uuid FOR UPDATE`;
  const [row] = await tx.$queryRaw<{ state: string }[]>`SELECT state::text AS state FROM password_letter WHERE id = ${letterId}::uuid FOR UPDATE`;
  if (!row) return null;
  const letter = await tx.passwordLetter.findUniqueOrThrow({ where: { id: letterId }, select: { ...FAILING_LETTER_SELECT, failureReason: true } });
  return { id: letterId, state: row.state, ...letter };
}

/**
 * A letter handed to print did not reach the member. Its code is void at once unless the member already
 * used it or a later letter replaced it, and unless MAX_LETTER_ATTEMPTS letters have failed it is
 * requested again (the new one gets a new code when fetched). A later letter already handed over wins:
 * no repeat then, or fetching the repeat would void the code the member may be holding. The caller holds
 * the member's and the letter's row locks, and logs. Returns the repeat's id, if any.
 */
export async function failHandedLetter(tx: TTx, letter: TFailingLetter, reason: TAnyLetterFailureReason, now: Date): Promise<string | null> {
  await tx.passwordLetter.update({ where: { id: letter.id }, data: { state: 'FAILED', confirmedAt: now, failureReason: reason } });
  const newer = await tx.passwordLetter.count({ where: { accountId: letter.accountId, id: { not: letter.id }, handedAt: { gt: letter.handedAt ?? now } } });
  if (newer > 0 || letter.codeUsedAt) return null;
  await tx.account.updateMany({ where: { id: letter.accountId, mustChangePassword: true }, data: { passwordHash: NO_PASSWORD, initialPasswordExpiresAt: null } });
  const waiting = await tx.passwordLetter.count({ where: { accountId: letter.accountId, state: 'REQUESTED' } });
  if (waiting > 0 || letter.attempt >= MAX_LETTER_ATTEMPTS) return null;
  const repeat = await tx.passwordLetter.create({
    data: {
      accountId: letter.accountId,
      requestedByKind: letter.requestedByKind,
      requestedById: letter.requestedById,
      language: letter.language,
      firstAccess: letter.firstAccess,
      attempt: letter.attempt + 1,
      repeatsId: letter.id,
      requestedAt: now,
    },
    select: { id: true },
  });
  return repeat.id;
}
