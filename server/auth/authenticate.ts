import 'server-only';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { endBackOff, identifierKey, loginThrottle } from '@/server/auth/login-throttle';
import { signInHistory } from '@/server/auth/sign-in-history';
import { isTrustedDevice } from '@/server/auth/trusted-device';
import { verifyPassword } from '@/server/auth/password-hashing';
import { PENDING_SIGN_IN_SECONDS, usesSecondFactor } from '@/server/auth/second-factor/policy';
import { idleTimeoutSeconds } from '@/server/auth/session-policy';
import { db } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';
import { holdSignIn, letterMarkForNewSession } from '@/server/auth/letter-sign-in';

export const ZCredentials = z.object({
  identifier: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

const KINDS_FOR: Record<string, AccountKind[]> = {
  'insurance-number': ['MEMBER'],
  'company-number': ['EMPLOYER'],
  staff: ['ADVISOR', 'COMPLIANCE', 'ADMIN'],
};

function signInAllowed(
  account: { deactivatedAt: Date | null; mustChangePassword: boolean; initialPasswordExpiresAt: Date | null },
  now = new Date(),
): boolean {
  if (account.deactivatedAt) return false;
  return !(account.mustChangePassword && account.initialPasswordExpiresAt && account.initialPasswordExpiresAt.getTime() <= now.getTime());
}

/** `secondFactorPending`: the session is only the ticket for the code step (server/auth/second-factor/complete-sign-in.ts). */
export type TAuthenticated = { accountId: string; sessionId: string; identifierKey: string; secondFactorPending: boolean };

/** Too many failed sign-ins with this name or from this network lately: not even checked. */
export class SignInThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('sign-in throttled');
  }
}

/**
 * Checks a login and opens a server-side session. Every failure looks the same to the caller, so a
 * login form cannot be used to find out which accounts exist; a throttled name or network is refused
 * before the password is checked (SignInThrottled), for names that exist and names that do not alike.
 */
export async function authenticate(
  input: unknown,
  ipPseudonym: string | undefined,
  options: { trustedDeviceToken?: string } = {},
): Promise<TAuthenticated | null> {
  const parsed = ZCredentials.safeParse(input);
  if (!parsed.success) return null;
  const identifier = classifyLoginIdentifier(parsed.data.identifier);
  const kinds = KINDS_FOR[identifier.kind];
  const prisma = await db();
  const key = identifierKey('value' in identifier ? identifier.value : parsed.data.identifier.toLowerCase());
  const account =
    kinds && 'value' in identifier
      ? await prisma.account.findFirst({
          where: { loginName: identifier.value, kind: { in: kinds } },
          select: {
            id: true,
            kind: true,
            passwordHash: true,
            deactivatedAt: true,
            mustChangePassword: true,
            initialPasswordExpiresAt: true,
            secondFactor: { select: { confirmedAt: true } },
          },
        })
      : null;
  // Check, then count, under one lock per sign-in name (names without an account alike, so the timing
  // tells nothing): the attempt is counted as a failure before its password is checked, and the count
  // is taken back only if the password proves right. Simultaneous guesses therefore cannot all pass
  // the limits: exactly the free ones of one network, or the name's ceiling across networks (0044, 0049).
  const reservation = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`sign-in-name:${key}`}, 0))::text`;
    const throttle = await loginThrottle(tx, {
      identifierKey: key,
      ipPseudonym,
      trustedDevice: isTrustedDevice(options.trustedDeviceToken, key),
    });
    // A refused attempt is on record and counts for its network, not against the name (0049).
    const counted = await tx.loginFailure.create({
      data: { accountId: account?.id ?? null, identifierKey: key, ipPseudonym: ipPseudonym ?? null, refused: throttle.throttled },
      select: { id: true },
    });
    return { throttle, failureId: counted.id };
  });
  if (reservation.throttle.throttled) throw new SignInThrottled(reservation.throttle.retryAfterSeconds);
  // A leaver, or an initial password from a letter past its date, fails exactly like a wrong password
  // (and only after the same Argon2id work), so the answer tells nothing about the account (0041).
  const ok = (await verifyPassword(account?.passwordHash ?? null, parsed.data.password)) && account !== null && signInAllowed(account);
  // Wrong: the attempt stays counted.
  if (!account || !ok) return null;
  const sessionId = randomUUID();
  if (account.secondFactor?.confirmedAt && usesSecondFactor(account.kind)) {
    // Password right, code still to come: a row no page accepts as a session (session-lookup.ts), short-lived.
    // Signing in is logged when the code step completes it.
    // The password was right: its attempt no longer counts (the code step counts its own failures).
    await prisma.$transaction([
      prisma.loginFailure.deleteMany({ where: { id: reservation.failureId } }),
      endBackOff(prisma, { identifierKey: key, ipPseudonym, before: reservation.failureId }, new Date()),
      prisma.session.create({
        data: {
          id: sessionId,
          accountId: account.id,
          lastSeenAt: new Date(),
          idleTimeoutSeconds: PENDING_SIGN_IN_SECONDS,
          secondFactorPending: true,
        },
      }),
    ]);
    return { accountId: account.id, sessionId, identifierKey: key, secondFactorPending: true };
  }
  const personal = { actorId: account.id, ipPseudonym };
  const now = new Date();
  const signedIn = await loggedTransaction(prisma, async (tx) => {
    // The password checked above is still the account's, and a letter's code signs in once (0042).
    if (!(await holdSignIn(tx, account, now))) return false;
    await tx.loginFailure.deleteMany({ where: { id: reservation.failureId } });
    await endBackOff(tx, { identifierKey: key, ipPseudonym, before: reservation.failureId }, now);
    const afterPasswordLetter = await letterMarkForNewSession(tx, account, now);
    const history = await signInHistory(tx, account.id, now);
    await tx.session.create({
      data: {
        id: sessionId,
        accountId: account.id,
        lastSeenAt: now,
        idleTimeoutSeconds: idleTimeoutSeconds(account.kind),
        afterPasswordLetter,
        ...history,
      },
    });
    await appendLogEntry(tx, { eventType: LOG_EVENT.login, payload: { channel: 'web', role: account.kind }, personal });
    return true;
  });
  // Refused under the lock (the password changed meanwhile, or the letter's code was used): it stays counted.
  if (!signedIn) return null;
  return { accountId: account.id, sessionId, identifierKey: key, secondFactorPending: false };
}
