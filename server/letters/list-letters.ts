import 'server-only';
import type { TAdminActor } from '@/server/auth/admin-actor';
import type { TDb } from '@/server/db/client';
import type { LetterRequester, LetterState } from '@/server/db/generated/enums';
import { letterScopeFor } from '@/server/letters/request-letter';
import type { TPrintCredential } from '@/server/print-api/print-credential';

/** A letter as staff see it: its state and dates, never its content (docs/decisions/0042). */
export type TLetterRow = {
  id: string;
  member: { number: string; name: string };
  requestedBy: LetterRequester;
  requestedAt: Date;
  state: LetterState;
  attempt: number;
  handedAt: Date | null;
  confirmedAt: Date | null;
  failureReason: string | null;
  codeExpiresAt: Date | null;
  /**
   * What the letter's code can still do: not made yet; valid (the member's password is this code);
   * used for the one sign-in; replaced by the member's own password; expired; or void (a later letter,
   * a failure or an administrator's block replaced it before it was used).
   */
  code: 'not-made' | 'valid' | 'used' | 'password-set' | 'expired' | 'void';
};

function codeState(
  letter: { state: LetterState; codeExpiresAt: Date | null; codeUsedAt: Date | null; passwordSetAt: Date | null },
  account: { initialPasswordExpiresAt: Date | null },
  now: Date,
): TLetterRow['code'] {
  if (letter.passwordSetAt) return 'password-set';
  if (letter.codeUsedAt) return 'used';
  if (!letter.codeExpiresAt) return 'not-made';
  if (letter.codeExpiresAt.getTime() <= now.getTime()) return 'expired';
  // A fetch sets the member's initial password to expire exactly with this letter's code; anything that
  // replaced the code since (a later letter, a failure, a block, a sign-in) changed that instant.
  const current = letter.state !== 'FAILED' && account.initialPasswordExpiresAt?.getTime() === letter.codeExpiresAt.getTime();
  return current ? 'valid' : 'void';
}

/**
 * The latest letters an actor may see: an administrator all of them, an advisor those for the members
 * they advise. Nothing here could reveal a code: none is stored.
 */
export async function listLetters(prisma: TDb, actor: TAdminActor, take = 50, now = new Date()): Promise<TLetterRow[]> {
  const scope = letterScopeFor(actor);
  if (!scope) return [];
  const rows = await prisma.passwordLetter.findMany({
    where: { account: scope },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    take,
    select: {
      id: true,
      requestedByKind: true,
      requestedAt: true,
      state: true,
      attempt: true,
      handedAt: true,
      confirmedAt: true,
      failureReason: true,
      codeExpiresAt: true,
      codeUsedAt: true,
      passwordSetAt: true,
      account: { select: { loginName: true, displayName: true, initialPasswordExpiresAt: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    member: { number: r.account.loginName, name: r.account.displayName },
    requestedBy: r.requestedByKind,
    requestedAt: r.requestedAt,
    state: r.state,
    attempt: r.attempt,
    handedAt: r.handedAt,
    confirmedAt: r.confirmedAt,
    failureReason: r.failureReason,
    codeExpiresAt: r.codeExpiresAt,
    code: codeState(r, r.account, now),
  }));
}

/** For the print system: letters this credential fetched and has not reported on, oldest first (at most 500). */
export async function lettersAwaitingConfirmation(prisma: TDb, credential: TPrintCredential): Promise<{ id: string; attempt: number; handedAt: Date; codeExpiresAt: Date }[]> {
  const rows = await prisma.passwordLetter.findMany({
    where: { state: 'HANDED_TO_PRINT', printCredentialId: credential.id },
    orderBy: [{ handedAt: 'asc' }, { id: 'asc' }],
    take: 500,
    select: { id: true, attempt: true, handedAt: true, codeExpiresAt: true },
  });
  return rows.flatMap((r) => (r.handedAt && r.codeExpiresAt ? [{ id: r.id, attempt: r.attempt, handedAt: r.handedAt, codeExpiresAt: r.codeExpiresAt }] : []));
}
