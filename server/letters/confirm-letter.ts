import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';
import { failHandedLetter, lockMembersLetter } from '@/server/letters/fail-letter';
import { LETTER_FAILURE_REASONS } from '@/server/letters/letter-policy';
import type { TPrintCredential } from '@/server/print-api/print-credential';

/** The print system's report on one letter (docs/print-api.md). */
export const ZLetterConfirmation = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('printed') }),
  z.strictObject({ outcome: z.literal('failed'), reason: z.enum(LETTER_FAILURE_REASONS) }),
]);
export type TLetterConfirmation = z.infer<typeof ZLetterConfirmation>;

export type TConfirmResult =
  | { ok: true; state: 'PRINTED' | 'FAILED'; repeatedBy: string | null; duplicate: boolean }
  | { ok: false; reason: 'not-found' | 'not-handed' | 'conflict'; state?: string };

/**
 * The print system's last word on a letter it fetched: printed, or failed (failHandedLetter: the code
 * is void, and the letter is requested again with a new code). The same report twice is answered as
 * the first (a retry after a lost answer); a different one after the first is a conflict. Only the
 * credential that fetched a letter reports on it. The letter's row is locked, so two reports at once
 * cannot both act.
 */
export async function confirmLetter(prisma: TDb, credential: TPrintCredential, letterId: string, report: TLetterConfirmation, now = new Date()): Promise<TConfirmResult> {
  const wanted = report.outcome === 'printed' ? 'PRINTED' : 'FAILED';
  return loggedTransaction(prisma, async (tx) => {
    // A credential reports only on the letters it fetched; another's are not found. The member's row is
    // locked first, as every other change to a member's letters does, then the letter's.
    const [owner] = await tx.$queryRaw<{ accountId: string }[]>`
      SELECT account_id::text AS "accountId" FROM password_letter WHERE id = ${letterId}::uuid AND print_credential_id = ${credential.id}::uuid`;
    if (!owner) return { ok: false, reason: 'not-found' } as const;
    const letter = await lockMembersLetter(tx, owner.accountId, letterId);
    if (!letter) return { ok: false, reason: 'not-found' } as const;
    if (letter.state === wanted && (wanted === 'PRINTED' || letter.failureReason === (report.outcome === 'failed' ? report.reason : null))) {
      const repeat = await tx.passwordLetter.findFirst({ where: { repeatsId: letterId }, select: { id: true } });
      return { ok: true, state: wanted, repeatedBy: repeat?.id ?? null, duplicate: true } as const;
    }
    if (letter.state === 'PRINTED' || letter.state === 'FAILED') return { ok: false, reason: 'conflict', state: letter.state } as const;
    if (letter.state !== 'HANDED_TO_PRINT') return { ok: false, reason: 'not-handed', state: letter.state } as const;

    let repeatedBy: string | null = null;
    if (report.outcome === 'failed') {
      repeatedBy = await failHandedLetter(tx, letter, report.reason, now);
    } else {
      await tx.passwordLetter.update({ where: { id: letterId }, data: { state: 'PRINTED', confirmedAt: now } });
    }
    await appendLogEntry(tx, {
      eventType: report.outcome === 'printed' ? LOG_EVENT.passwordLetterPrinted : LOG_EVENT.passwordLetterFailed,
      payload: {
        letterId,
        attempt: letter.attempt,
        credentialId: credential.id,
        ...(report.outcome === 'failed' ? { reason: report.reason, repeatedBy } : {}),
      },
      personal: { actorId: credential.id, subjectId: letter.accountId },
    });
    return { ok: true, state: wanted, repeatedBy, duplicate: false } as const;
  });
}
