import 'server-only';
import { createHmac } from 'node:crypto';
import type { TDb, TTx } from '@/server/db/client';
import { env } from '@/server/env';

/** Failures per name across networks, and per network across names, count for this long. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
/** Failures with one name from one network that are free; each one after them doubles the wait. */
export const FREE_FAILURES_PER_NAME_AND_NETWORK = 5;
/** The wait after the last free failure, and the most any one wait becomes. */
export const FIRST_BACK_OFF_MS = 60_000;
export const MAX_BACK_OFF_MS = 60 * 60_000;
/** A name's failures from one network count towards its back-off for this long. */
export const BACK_OFF_MEMORY_MS = 24 * 60 * 60_000;
/**
 * Failures with one name from all networks together in THROTTLE_WINDOW_MS before the name is throttled
 * everywhere (except on a device it signed in on before). Above what one network's back-off allows in
 * that window (9), so a stranger needs several networks at once to reach it (docs/decisions/0049).
 */
export const MAX_FAILURES_PER_NAME = 20;
/** Attempts from one network before it is throttled, whatever names it tries. */
export const MAX_FAILURES_PER_NETWORK = 30;

/** A keyed hash of the normalised sign-in name: the same for an account that exists and one that does not. */
export function identifierKey(normalisedName: string): string {
  return createHmac('sha256', env().GATEWAY_SECRET).update(`sign-in-name:${normalisedName}`).digest('hex').slice(0, 32);
}

export type TThrottle = { throttled: false } | { throttled: true; retryAfterSeconds: number };

type TFailureScope = { identifierKey: string } | { ipPseudonym: string } | { accountId: string; step: string };

/** When the oldest of the last `limit` failures in the window happened, if there are that many; else null. */
async function oldestInWindow(
  prisma: TDb | TTx,
  where: TFailureScope,
  limit: number,
  since: Date,
  options: { includeRefused: boolean },
): Promise<Date | null> {
  const recent = await prisma.loginFailure.findMany({
    where: { ...where, attemptedAt: { gte: since }, clearedAt: null, ...(options.includeRefused ? {} : { refused: false }) },
    orderBy: { attemptedAt: 'desc' },
    take: limit,
    select: { attemptedAt: true },
  });
  return recent.length >= limit ? recent.at(-1)!.attemptedAt : null;
}

/** The wait after `failures` checked failures of one name from one network: none for the free ones, then doubling. */
export function backOffMs(failures: number): number {
  if (failures < FREE_FAILURES_PER_NAME_AND_NETWORK) return 0;
  return Math.min(MAX_BACK_OFF_MS, FIRST_BACK_OFF_MS * 2 ** (failures - FREE_FAILURES_PER_NAME_AND_NETWORK));
}

/** Until when this name is held back on this network: its last failure there plus the wait its count earns. */
async function backOffUntil(prisma: TDb | TTx, identifierKey: string, ipPseudonym: string | undefined, now: Date): Promise<number | null> {
  const { _count, _max } = await prisma.loginFailure.aggregate({
    where: {
      identifierKey,
      ipPseudonym: ipPseudonym ?? null,
      refused: false,
      clearedAt: null,
      attemptedAt: { gte: new Date(now.getTime() - BACK_OFF_MEMORY_MS) },
    },
    _count: { _all: true },
    _max: { attemptedAt: true },
  });
  const wait = backOffMs(_count._all);
  return wait > 0 && _max.attemptedAt ? _max.attemptedAt.getTime() + wait : null;
}

/** Throttled while any limit holds; until the latest of them ends. */
function throttleUntil(untils: (number | null)[], now: Date): TThrottle {
  const active = untils.filter((until): until is number => until !== null && until > now.getTime());
  if (active.length === 0) return { throttled: false };
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((Math.max(...active) - now.getTime()) / 1000)) };
}

const windowEnd = (oldest: Date | null) => (oldest ? oldest.getTime() + THROTTLE_WINDOW_MS : null);

/**
 * Whether a sign-in may be tried now. Throttling, not a lockout, and aimed at whoever fails: a name's
 * failures from one network make that network wait, longer with each further failure (back-off), while
 * the member on another network is not held back until failures from all networks together reach
 * MAX_FAILURES_PER_NAME. On a device that signed in with the name before (trusted-device cookie) neither
 * applies; the limit per network always does (docs/decisions/0036, 0049).
 */
export async function loginThrottle(
  prisma: TDb | TTx,
  attempt: { identifierKey: string; ipPseudonym: string | undefined; trustedDevice: boolean },
  now = new Date(),
): Promise<TThrottle> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const untils = [
    attempt.ipPseudonym
      ? windowEnd(
          await oldestInWindow(prisma, { ipPseudonym: attempt.ipPseudonym }, MAX_FAILURES_PER_NETWORK, since, { includeRefused: true }),
        )
      : null,
  ];
  if (!attempt.trustedDevice) {
    untils.push(await backOffUntil(prisma, attempt.identifierKey, attempt.ipPseudonym, now));
    untils.push(
      windowEnd(
        await oldestInWindow(prisma, { identifierKey: attempt.identifierKey }, MAX_FAILURES_PER_NAME, since, { includeRefused: false }),
      ),
    );
  }
  return throttleUntil(untils, now);
}

/**
 * The right password from a network ends that network's back-off for the name: a member's own typing
 * mistakes do not make tomorrow's first one cost minutes. The failures stay on record (cleared_at).
 */
export function endBackOff(prisma: TDb | TTx, pair: { identifierKey: string; ipPseudonym: string | undefined; before: bigint }, now: Date) {
  // Only failures recorded before this attempt's own: guesses made while its password was being checked stay counted.
  return prisma.loginFailure.updateMany({
    where: {
      identifierKey: pair.identifierKey,
      ipPseudonym: pair.ipPseudonym ?? null,
      refused: false,
      clearedAt: null,
      id: { lt: pair.before },
    },
    data: { clearedAt: now },
  });
}

/** Whether a name has reached its ceiling, so that every device that never signed in with it waits. */
export async function nameCeilingReached(prisma: TDb | TTx, identifierKey: string, now = new Date()): Promise<boolean> {
  const oldest = await oldestInWindow(prisma, { identifierKey }, MAX_FAILURES_PER_NAME, new Date(now.getTime() - THROTTLE_WINDOW_MS), {
    includeRefused: false,
  });
  return oldest !== null;
}

/** Steps after the name is known, counted per account: the code step (0040) and changing the password (0047). */
export type TAccountStep = 'second_factor' | 'change_password';

/**
 * Whether a step of a known account may be tried now: `maxFailures` failures of that step for the
 * account, or the network's limit (shared with passwords), throttle it for THROTTLE_WINDOW_MS. No
 * trusted-device exception: whoever fails here already has the password or a session.
 */
export async function accountStepThrottle(
  prisma: TDb | TTx,
  attempt: { accountId: string; ipPseudonym: string | undefined; step: TAccountStep },
  maxFailures: number,
  now = new Date(),
): Promise<TThrottle> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  return throttleUntil(
    [
      windowEnd(
        await oldestInWindow(prisma, { accountId: attempt.accountId, step: attempt.step }, maxFailures, since, { includeRefused: true }),
      ),
      attempt.ipPseudonym
        ? windowEnd(
            await oldestInWindow(prisma, { ipPseudonym: attempt.ipPseudonym }, MAX_FAILURES_PER_NETWORK, since, { includeRefused: true }),
          )
        : null,
    ],
    now,
  );
}
