import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { SignInThrottled } from '@/server/auth/authenticate';
import { attemptCode } from '@/server/auth/second-factor/code-attempt';
import { PENDING_SIGN_IN_SECONDS } from '@/server/auth/second-factor/policy';
import { hashRecoveryCode, normaliseRecoveryCode } from '@/server/auth/second-factor/recovery-codes';
import { openSecret } from '@/server/auth/second-factor/secret-box';
import { matchTotp } from '@/server/auth/second-factor/totp';
import { signInHistory } from '@/server/auth/sign-in-history';
import { idleTimeoutSeconds } from '@/server/auth/session-policy';
import { db } from '@/server/db/client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The code step's input: a code from the app, or one of the recovery codes (one of the two). */
export const ZSecondFactorInput = z.object({
  code: z.string().max(40).default(''),
  recoveryCode: z.string().max(40).default(''),
});

export type TPendingSignIn = { sessionId: string; accountId: string };

/** The sign-in waiting for its code under this session id, if it is still within PENDING_SIGN_IN_SECONDS. */
export async function pendingSignIn(sessionId: string | null, now = new Date()): Promise<TPendingSignIn | null> {
  if (!sessionId || !UUID.test(sessionId)) return null;
  const prisma = await db();
  const row = await prisma.session.findFirst({
    where: {
      id: sessionId,
      secondFactorPending: true,
      revokedAt: null,
      createdAt: { gt: new Date(now.getTime() - PENDING_SIGN_IN_SECONDS * 1000) },
    },
    select: { id: true, accountId: true },
  });
  return row ? { sessionId: row.id, accountId: row.accountId } : null;
}

export type TSignedIn = { accountId: string; sessionId: string; method: 'totp' | 'recovery_code' };

/**
 * The code step (attemptCode: one at a time per account, throttled). Refuses (SignInThrottled, recorded)
 * after too many wrong codes for the account or the network; records each wrong code like a wrong password. A right code opens a new session (a new
 * id: the pending one is revoked, so a cookie captured between the steps is worth nothing) and logs
 * the sign-in with how the second factor was proven; a recovery code is used up and its use logged.
 */
export async function completeSignIn(
  pendingSessionId: string | null,
  input: unknown,
  ipPseudonym: string | undefined,
  now = new Date(),
): Promise<TSignedIn | null> {
  const pending = await pendingSignIn(pendingSessionId, now);
  const parsed = ZSecondFactorInput.safeParse(input);
  if (!pending || !parsed.success) return null;
  const prisma = await db();
  const { accountId } = pending;
  const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { kind: true } });

  const sessionId = randomUUID();
  const attempt = await attemptCode(prisma, { accountId, ipPseudonym }, now, async (tx): Promise<TSignedIn['method'] | null> => {
    // Read under the account's lock: a step used up by the attempt just before is seen here.
    const factor = await tx.secondFactor.findFirst({
      where: { accountId, confirmedAt: { not: null } },
      select: { secretEncrypted: true, lastUsedStep: true },
    });
    let proven: TSignedIn['method'] | null = null;
    let remainingRecoveryCodes = 0;
    if (factor && parsed.data.code.trim()) {
      const secret = openSecret(factor.secretEncrypted, accountId);
      const step = secret ? matchTotp(secret, parsed.data.code, now, factor.lastUsedStep) : null;
      if (step !== null) {
        await tx.secondFactor.update({ where: { accountId }, data: { lastUsedStep: step } });
        proven = 'totp';
      }
    } else if (factor && parsed.data.recoveryCode.trim()) {
      const normalised = normaliseRecoveryCode(parsed.data.recoveryCode);
      if (normalised) {
        const { count } = await tx.recoveryCode.updateMany({
          where: { accountId, codeHash: hashRecoveryCode(normalised), usedAt: null },
          data: { usedAt: now },
        });
        if (count === 1) {
          proven = 'recovery_code';
          remainingRecoveryCodes = await tx.recoveryCode.count({ where: { accountId, usedAt: null } });
        }
      }
    }
    if (!proven) return null;
    const { count } = await tx.session.updateMany({
      where: { id: pending.sessionId, revokedAt: null, secondFactorPending: true },
      data: { revokedAt: now },
    });
    // The same pending sign-in completed twice at once: the other request won; undo this one's changes.
    if (count !== 1) throw new PendingSignInGone();
    const history = await signInHistory(tx, accountId, now);
    await tx.session.create({
      data: { id: sessionId, accountId, lastSeenAt: now, idleTimeoutSeconds: idleTimeoutSeconds(account.kind), ...history },
    });
    const personal = { actorId: accountId, ipPseudonym };
    if (proven === 'recovery_code') {
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.recoveryCodeUsed,
        payload: { channel: 'web', remaining: remainingRecoveryCodes },
        personal,
      });
    }
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.login,
      payload: { channel: 'web', role: account.kind, secondFactor: proven },
      personal,
    });
    return proven;
  }).catch((error: unknown) => {
    if (error instanceof PendingSignInGone) return null;
    throw error;
  });
  if (attempt?.outcome === 'throttled') throw new SignInThrottled(attempt.retryAfterSeconds);
  return attempt?.outcome === 'ok' ? { accountId, sessionId, method: attempt.value } : null;
}

class PendingSignInGone extends Error {}
