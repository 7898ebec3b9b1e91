import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { identifierKey } from '@/server/auth/login-throttle';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';
import { actorForSession } from '@/server/auth/session-lookup';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { cookieOptions } from '@/server/request/cookie-options';

/** Strictly necessary: lets a member sign in on their own device while strangers' failures throttle the name. */
export const TRUSTED_DEVICE_COOKIE = 'gateway_device';
export const TRUSTED_DEVICE_MAX_AGE_SECONDS = 90 * 24 * 60 * 60;

function mac(identifierKey: string, issuedAt: number): string {
  return createHmac('sha256', env().AUTH_SECRET).update(`trusted-device:${identifierKey}:${issuedAt}`).digest('base64url');
}

/** A token naming the sign-in name (by its keyed hash only) and when the device signed in with it. */
export function trustedDeviceToken(identifierKey: string, now = Date.now()): string {
  return `${now}.${mac(identifierKey, now)}`;
}

/** Whether the cookie says this device signed in with this name within the last 90 days. */
export function isTrustedDevice(token: string | undefined, identifierKey: string, now = Date.now()): boolean {
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return false;
  const issuedAt = Number(match[1]);
  if (issuedAt > now || now - issuedAt > TRUSTED_DEVICE_MAX_AGE_SECONDS * 1000) return false;
  const expected = Buffer.from(mac(identifierKey, issuedAt));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * After signIn has returned: this device becomes one the name signed in on if, and only if, the session
 * cookie signIn has just set names a full session (for staff with a second factor: only after the code;
 * the password step's pending row is none). Proven from the session itself, never inferred from how
 * signIn ended, so no error path can make a device trusted (0047).
 */
export async function rememberDeviceOfNewSession(): Promise<boolean> {
  const jar = await cookies();
  const sessionId = await sessionIdFromCookies(jar);
  const actor = sessionId ? await actorForSession(sessionId, new Date(), { touch: false }) : null;
  if (!actor) return false;
  jar.set(
    TRUSTED_DEVICE_COOKIE,
    trustedDeviceToken(identifierKey(await loginNameOf(actor.id))),
    cookieOptions(TRUSTED_DEVICE_MAX_AGE_SECONDS),
  );
  return true;
}

/** The account's normalised sign-in name, as the trusted-device token is keyed by it. */
export async function loginNameOf(accountId: string): Promise<string> {
  const prisma = await db();
  return (await prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { loginName: true } })).loginName;
}
