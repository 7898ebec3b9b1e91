import 'server-only';
import { createHmac } from 'node:crypto';
import type { TDb, TTx } from '@/server/db/client';
import { env } from '@/server/env';

/** Failed sign-ins count for this long; a throttle ends by itself when the oldest of them ages out. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failures with one sign-in name before it is throttled (except on a device it signed in on before). */
export const MAX_FAILURES_PER_NAME = 5;
/** Failures from one network before it is throttled, whatever names it tries. */
export const MAX_FAILURES_PER_NETWORK = 30;

/** A keyed hash of the normalised sign-in name: the same for an account that exists and one that does not. */
export function identifierKey(normalisedName: string): string {
  return createHmac('sha256', env().GATEWAY_SECRET).update(`sign-in-name:${normalisedName}`).digest('hex').slice(0, 32);
}

export type TThrottle = { throttled: false } | { throttled: true; retryAfterSeconds: number };

async function oldestInWindow(prisma: TDb | TTx, where: { identifierKey: string } | { ipPseudonym: string } | { accountId: string; step: string }, limit: number, since: Date): Promise<Date | null> {
  const recent = await prisma.loginFailure.findMany({ where: { ...where, attemptedAt: { gte: since }, clearedAt: null }, orderBy: { attemptedAt: 'desc' }, take: limit, select: { attemptedAt: true } });
  return recent.length >= limit ? recent.at(-1)!.attemptedAt : null;
}

/** Throttled while any limit's oldest counted failure is younger than the window; until the latest of them ends. */
function throttleFrom(blockedSince: (Date | null)[], now: Date): TThrottle {
  const since = blockedSince.filter((d): d is Date => d !== null);
  if (since.length === 0) return { throttled: false };
  const until = Math.max(...since.map((d) => d.getTime() + THROTTLE_WINDOW_MS));
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/**
 * Whether a sign-in may be tried now. Throttling, not a lockout: it ends THROTTLE_WINDOW_MS after the
 * failures that caused it. So that strangers cannot keep a member out by failing on purpose, the limit
 * per name does not apply on a device that signed in with that name before (trusted-device cookie);
 * the limit per network still does (docs/decisions/0036).
 */
export async function loginThrottle(prisma: TDb | TTx, attempt: { identifierKey: string; ipPseudonym: string | undefined; trustedDevice: boolean }, now = new Date()): Promise<TThrottle> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const blockedSince = [
    attempt.trustedDevice ? null : await oldestInWindow(prisma, { identifierKey: attempt.identifierKey }, MAX_FAILURES_PER_NAME, since),
    attempt.ipPseudonym ? await oldestInWindow(prisma, { ipPseudonym: attempt.ipPseudonym }, MAX_FAILURES_PER_NETWORK, since) : null,
  ];
  return throttleFrom(blockedSince, now);
}

/** Steps after the name is known, counted per account: the code step (0040) and changing the password (0047). */
export type TAccountStep = 'second_factor' | 'change_password';

/**
 * Whether a step of a known account may be tried now: `maxFailures` failures of that step for the
 * account, or the network's limit (shared with passwords), throttle it for THROTTLE_WINDOW_MS. No
 * trusted-device exception: whoever fails here already has the password or a session.
 */
export async function accountStepThrottle(prisma: TDb | TTx, attempt: { accountId: string; ipPseudonym: string | undefined; step: TAccountStep }, maxFailures: number, now = new Date()): Promise<TThrottle> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const blockedSince = [
    await oldestInWindow(prisma, { accountId: attempt.accountId, step: attempt.step }, maxFailures, since),
    attempt.ipPseudonym ? await oldestInWindow(prisma, { ipPseudonym: attempt.ipPseudonym }, MAX_FAILURES_PER_NETWORK, since) : null,
  ];
  return throttleFrom(blockedSince, now);
}
