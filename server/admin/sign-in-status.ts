import 'server-only';
import { identifierKey, loginThrottle } from '@/server/auth/login-throttle';
import type { TDb } from '@/server/db/client';

/**
 * Whether sign-ins with this (normalised) name are throttled right now, on a device that never signed
 * in with it before: what the person sees when they call the service desk (docs/decisions/0036).
 */
export async function isSignInLocked(prisma: TDb, loginName: string, now = new Date()): Promise<boolean> {
  const throttle = await loginThrottle(prisma, { identifierKey: identifierKey(loginName), ipPseudonym: undefined, trustedDevice: false }, now);
  return throttle.throttled;
}
