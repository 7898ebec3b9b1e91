import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { hashPassword } from '@/server/auth/password-hashing';
import { initialPassword } from '@/server/auth/provision-account';
import type { TDb } from '@/server/db/client';
import { INITIAL_PASSWORD_VALID_MS } from '@/server/auth/initial-password';
import type { TLetterLanguage } from '@/server/letters/letter-policy';
import type { TPrintCredential } from '@/server/print-api/print-credential';

/** What the print system gets for one letter, besides the PDF: enough to address and track it. */
export type TClaimedLetter = {
  id: string;
  attempt: number;
  recipient: { kind: 'MEMBER' | 'EMPLOYER'; number: string; name: string };
  language: TLetterLanguage;
  /** The member never had a password of their own (a new account): the letter welcomes instead of replacing. */
  firstAccess: boolean;
  handedAt: Date;
  codeExpiresAt: Date;
};

/** The letter with its code, for the renderer only: the code exists nowhere else. */
export type TLetterToRender = TClaimedLetter & { code: string };

type TWaitingRow = { id: string; accountId: string; attempt: number; language: string; firstAccess: boolean };

/**
 * Hands the oldest waiting letter to the print system (docs/decisions/0042). Only now is the code made:
 * its Argon2id hash becomes the member's password (the old one stops working), every session of the
 * member ends, and the code is valid for INITIAL_PASSWORD_VALID_MS for one sign-in that must set a new
 * password. `render` turns the letter into its PDF inside the transaction, so a letter that cannot be
 * rendered is not handed over (it is set aside as failed, and the next one is taken). Concurrent fetchers never get the same letter: each
 * takes the oldest letter whose row and member nobody else holds (FOR UPDATE SKIP LOCKED), so a fetch
 * never waits for a request, a sign-in or a report on the same member. Null when nothing is waiting.
 */
export async function claimNextLetter<T>(
  prisma: TDb,
  credential: TPrintCredential,
  render: (letter: TLetterToRender) => Promise<T>,
  now = new Date(),
): Promise<{ letter: TClaimedLetter; rendered: T } | null> {
  // A letter that cannot be rendered is set aside (failed, logged), and the next one is tried: one
  // letter never holds up the queue. But if a plain letter cannot be rendered either, the renderer is
  // broken (a font missing, say), not the letter: nothing is set aside and the fetch fails (500), so a
  // broken deployment never fails the whole queue. Bounded as well.
  for (let setAside = 0; setAside < MAX_SET_ASIDE_PER_FETCH; setAside++) {
    const claimed = await claimOne(prisma, credential, render, now);
    if (claimed === null || 'letter' in claimed) return claimed;
    if (!(await rendersAPlainLetter(render, claimed.language, now))) throw claimed.error;
    await setAsideUnrenderable(prisma, claimed.unrenderable, credential, now);
  }
  throw new Error(`print API: ${MAX_SET_ASIDE_PER_FETCH} letters in a row could not be rendered`);
}

const MAX_SET_ASIDE_PER_FETCH = 5;

/** Whether the renderer works at all: a letter with a short name, a valid number and a dummy code. */
async function rendersAPlainLetter<T>(render: (letter: TLetterToRender) => Promise<T>, language: TLetterLanguage, now: Date): Promise<boolean> {
  const plain: TLetterToRender = {
    id: '00000000-0000-4000-8000-000000000000',
    attempt: 1,
    recipient: { kind: 'MEMBER', number: 'A000000000', name: 'Erika Muster' },
    language,
    firstAccess: false,
    handedAt: now,
    codeExpiresAt: now,
    code: 'ABCD-EFGH-JKLM-NPQR',
  };
  return render(plain).then(
    () => true,
    () => false,
  );
}

class UnrenderableLetter extends Error {
  constructor(
    readonly letterId: string,
    readonly language: TLetterLanguage,
    cause: unknown,
  ) {
    super('letter could not be rendered', { cause });
  }
}

async function claimOne<T>(
  prisma: TDb,
  credential: TPrintCredential,
  render: (letter: TLetterToRender) => Promise<T>,
  now: Date,
): Promise<{ letter: TClaimedLetter; rendered: T } | { unrenderable: string; language: TLetterLanguage; error: unknown } | null> {
  // An empty poll (the usual case) costs one indexed look-up, not an Argon2id hash.
  const [probe] = await prisma.$queryRaw<{ waiting: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM password_letter l JOIN account a ON a.id = l.account_id WHERE l.state = 'REQUESTED' AND a.deactivated_at IS NULL) AS waiting`;
  if (!probe?.waiting) return null;
  const code = initialPassword();
  // Hashed before the transaction: the Argon2id work need not hold the row locks.
  const passwordHash = await hashPassword(code);
  try {
    return await loggedTransaction(prisma, async (tx) => {
      // The credential first: a revocation that committed meanwhile wins, and one under way waits for
      // this fetch and then fails its letter (revokePrintCredential takes the same row first).
      const [active] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM print_credential WHERE id = ${credential.id}::uuid AND revoked_at IS NULL FOR SHARE`;
      if (!active) return null;
      const [waiting] = await tx.$queryRaw<TWaitingRow[]>`
        SELECT l.id::text AS id, l.account_id::text AS "accountId", l.attempt, l.language, l.first_access AS "firstAccess"
        FROM password_letter l JOIN account a ON a.id = l.account_id
        WHERE l.state = 'REQUESTED' AND a.deactivated_at IS NULL
        ORDER BY l.requested_at, l.id
        LIMIT 1
        FOR UPDATE OF l, a SKIP LOCKED`;
      if (!waiting) return null;
      const codeExpiresAt = new Date(now.getTime() + INITIAL_PASSWORD_VALID_MS);
      const account = await tx.account.update({
        where: { id: waiting.accountId },
        data: { passwordHash, mustChangePassword: true, initialPasswordExpiresAt: codeExpiresAt, passwordChangedAt: now },
        select: { kind: true, loginName: true, displayName: true },
      });
      const { count: sessionsEnded } = await tx.session.updateMany({ where: { accountId: waiting.accountId, revokedAt: null }, data: { revokedAt: now } });
      await tx.passwordLetter.update({
        where: { id: waiting.id },
        data: { state: 'HANDED_TO_PRINT', handedAt: now, printCredentialId: credential.id, codeExpiresAt },
      });
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.passwordLetterHanded,
        payload: { letterId: waiting.id, attempt: waiting.attempt, credentialId: credential.id, sessionsEnded, validUntil: codeExpiresAt.toISOString() },
        personal: { actorId: credential.id, subjectId: waiting.accountId },
      });
      const letter: TClaimedLetter = {
        id: waiting.id,
        attempt: waiting.attempt,
        recipient: { kind: account.kind === 'EMPLOYER' ? 'EMPLOYER' : 'MEMBER', number: account.loginName, name: account.displayName },
        language: waiting.language === 'en' ? 'en' : 'de',
        firstAccess: waiting.firstAccess,
        handedAt: now,
        codeExpiresAt,
      };
      // The whole transaction rolls back if the letter cannot be rendered: nothing was handed over.
      const rendered = await render({ ...letter, code }).catch((error: unknown) => {
        throw new UnrenderableLetter(waiting.id, letter.language, error);
      });
      return { letter, rendered };
    });
  } catch (error) {
    if (error instanceof UnrenderableLetter) return { unrenderable: error.letterId, language: error.language, error: error.cause };
    throw error;
  }
}

/**
 * A letter that could not be rendered (its transaction rolled back: the member's password is as it
 * was) fails at once with `render-failed` and a log entry; the caller logs the renderer's reason in the
 * operations log. Staff see it failed and can ask for a new one once the cause is fixed.
 */
async function setAsideUnrenderable(prisma: TDb, letterId: string, credential: TPrintCredential, now: Date): Promise<void> {
  await loggedTransaction(prisma, async (tx) => {
    const [letter] = await tx.$queryRaw<{ accountId: string; attempt: number }[]>`
      SELECT account_id::text AS "accountId", attempt FROM password_letter WHERE id = ${letterId}::uuid AND state = 'REQUESTED' FOR UPDATE SKIP LOCKED`;
    if (!letter) return;
    await tx.passwordLetter.update({ where: { id: letterId }, data: { state: 'FAILED', confirmedAt: now, failureReason: 'render-failed' } });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.passwordLetterFailed,
      payload: { letterId, attempt: letter.attempt, credentialId: credential.id, reason: 'render-failed', repeatedBy: null },
      personal: { actorId: credential.id, subjectId: letter.accountId },
    });
  });
}
