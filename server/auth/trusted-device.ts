import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cookies } from 'next/headers';
import { identifierKey } from '@/server/auth/login-throttle';
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
 * After a completed sign-in: this device is one the name signed in on. Set only once every step is done
 * (for staff with a second factor: after the code), so a password alone never makes a device trusted.
 */
export async function rememberTrustedDevice(loginValue: string): Promise<void> {
  (await cookies()).set(TRUSTED_DEVICE_COOKIE, trustedDeviceToken(identifierKey(loginValue)), cookieOptions(TRUSTED_DEVICE_MAX_AGE_SECONDS));
}

/** The account's normalised sign-in name, as the trusted-device token is keyed by it. */
export async function loginNameOf(accountId: string): Promise<string> {
  const prisma = await db();
  return (await prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { loginName: true } })).loginName;
}
