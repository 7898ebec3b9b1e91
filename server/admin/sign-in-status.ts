import 'server-only';
import { identifierKey, nameCeilingReached } from '@/server/auth/login-throttle';
import type { TDb } from '@/server/db/client';

/**
 * Whether sign-ins with this (normalised) name are throttled right now on every device that never
 * signed in with it before: what the person sees when they call the service desk. One network's back-off
 * is not shown: it holds back only whoever fails there (docs/decisions/0036, 0049).
 */
export async function isSignInLocked(prisma: TDb, loginName: string, now = new Date()): Promise<boolean> {
  return nameCeilingReached(prisma, identifierKey(loginName), now);
}
