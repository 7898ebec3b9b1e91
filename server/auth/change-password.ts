import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { THROTTLE_WINDOW_MS, accountStepThrottle } from '@/server/auth/login-throttle';
import { hashPassword, verifyPassword } from '@/server/auth/password-hashing';
import { type TWeakness, passwordWeakness } from '@/server/auth/password-strength';
import { UNKNOWN_NETWORK } from '@/server/auth/sign-in-network';
import { db } from '@/server/db/client';
import { notePasswordSetAfterLetter } from '@/server/auth/letter-sign-in';
import { requestLogger } from '@/server/logging/request-logger';

export const PASSWORD_MIN_LENGTH = 12;
/** Wrong current passwords per account before changing it is throttled for THROTTLE_WINDOW_MS (0047). */
export const MAX_CHANGE_PASSWORD_FAILURES = 5;
export const CHANGE_PASSWORD_RETRY_MINUTES = THROTTLE_WINDOW_MS / 60_000;

/** Shared by the form and the action; messages are translation keys (messages/*.json → password.errors). */
export const ZChangePasswordInput = z
  .object({
    currentPassword: z.string().min(1, 'currentRequired').max(200, 'tooLong'),
    newPassword: z.string().min(PASSWORD_MIN_LENGTH, 'tooShort').max(200, 'tooLong'),
    confirmPassword: z.string().max(200, 'tooLong'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'mismatch' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'sameAsOld' });

export type TChangePasswordInput = z.infer<typeof ZChangePasswordInput>;

export type TChangePasswordResult =
  | { ok: true }
  | { ok: false; field: 'currentPassword'; error: 'wrongCurrent' | 'throttled' }
  | { ok: false; field: 'newPassword'; error: `weak_${TWeakness}` };

/**
 * Sets a new password and ends every session of the account, this one included: a stolen cookie
 * stops working the moment the owner changes the password. The caller signs the person in again.
 */
export async function changePassword(actor: TActor, input: TChangePasswordInput): Promise<TChangePasswordResult> {
  const prisma = await db();
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: actor.id },
    select: { passwordHash: true, loginName: true, displayName: true },
  });
  // Whoever holds a session (perhaps a stolen cookie) must not guess the password here without limit.
  // As at sign-in (0044), the attempt is counted before the check, under the account's lock, so that
  // simultaneous guesses cannot all pass the limit; it is taken back only if the password proves right.
  const network = actor.ipPseudonym ?? UNKNOWN_NETWORK;
  const reservation = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM account WHERE id = ${actor.id}::uuid FOR NO KEY UPDATE`;
    const throttle = await accountStepThrottle(
      tx,
      { accountId: actor.id, ipPseudonym: network, step: 'change_password' },
      MAX_CHANGE_PASSWORD_FAILURES,
    );
    const counted = await tx.loginFailure.create({
      data: { accountId: actor.id, ipPseudonym: network, step: 'change_password' },
      select: { id: true },
    });
    return { throttle, failureId: counted.id };
  });
  if (reservation.throttle.throttled) {
    (await requestLogger()).warn({ retryAfterSeconds: reservation.throttle.retryAfterSeconds }, 'password change throttled');
    return { ok: false, field: 'currentPassword', error: 'throttled' };
  }
  if (!(await verifyPassword(account.passwordHash, input.currentPassword))) {
    (await requestLogger()).warn('password change refused: the current password was wrong');
    return { ok: false, field: 'currentPassword', error: 'wrongCurrent' };
  }
  await prisma.loginFailure.deleteMany({ where: { id: reservation.failureId } });
  // Only after the current password is proven: the answer about the new one tells nothing to a stranger.
  const weakness = passwordWeakness(input.newPassword, account);
  if (weakness) return { ok: false, field: 'newPassword', error: `weak_${weakness}` };
  const passwordHash = await hashPassword(input.newPassword);
  const now = new Date();
  const changed = await loggedTransaction(prisma, async (tx) => {
    // Under the account's lock: the password proven above is still the account's, and this session still
    // lives (an administrator's block, a letter fetched or a sign-out everywhere in between wins).
    const [row] = await tx.$queryRaw<
      { passwordHash: string }[]
    >`SELECT password_hash AS "passwordHash" FROM account WHERE id = ${actor.id}::uuid FOR UPDATE`;
    const session = await tx.session.findUnique({ where: { id: actor.sessionId }, select: { revokedAt: true } });
    if (row?.passwordHash !== account.passwordHash || !session || session.revokedAt) return false;
    await tx.account.update({
      where: { id: actor.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: now, initialPasswordExpiresAt: null },
    });
    await tx.session.updateMany({ where: { accountId: actor.id, revokedAt: null }, data: { revokedAt: now } });
    // The sessions opened in the next hour carry the letter's mark, and so do their consents (0042).
    if (actor.mustChangePassword) await notePasswordSetAfterLetter(tx, actor.id, now);
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.passwordChanged,
      payload: { channel: 'web', initial: actor.mustChangePassword },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return true;
  });
  return changed ? { ok: true } : { ok: false, field: 'currentPassword', error: 'wrongCurrent' };
}
