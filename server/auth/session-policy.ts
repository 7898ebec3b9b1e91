import 'server-only';
import type { AccountKind } from '@/server/db/generated/enums';

/** Idle timeouts: 30 minutes for members and employers, 60 for staff. */
export function idleTimeoutSeconds(kind: AccountKind): number {
  return kind === 'MEMBER' || kind === 'EMPLOYER' ? 30 * 60 : 60 * 60;
}

/** Absolute lifetime of a session cookie, whatever the activity. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** lastSeenAt is written at most this often, so that reading pages does not write on every request. */
export const TOUCH_INTERVAL_MS = 30_000;
