import 'server-only';
import type { AccountKind } from '@/server/db/generated/enums';

/** Staff sign in with a second factor; members and employers do not (issue 8 asks it of staff). */
export const SECOND_FACTOR_KINDS: readonly AccountKind[] = ['ADVISOR', 'COMPLIANCE', 'ADMIN'];

/**
 * Kinds that can never postpone setting up the second factor: they see every member's log entries
 * (compliance) or manage accounts (administrators). Every other staff kind may postpone for SETUP_GRACE_DAYS.
 */
export const SECOND_FACTOR_REQUIRED_KINDS: readonly AccountKind[] = ['COMPLIANCE', 'ADMIN'];

/** How long an advisor may keep postponing, counted from the first "later" (docs/decisions/0040). */
export const SETUP_GRACE_DAYS = 14;

/** How long the code step may follow the password step. */
export const PENDING_SIGN_IN_SECONDS = 5 * 60;

/** Wrong codes per account in THROTTLE_WINDOW_MS before the code step is refused (10^6 codes, 3 valid at a time). */
export const MAX_SECOND_FACTOR_FAILURES = 5;

export const RECOVERY_CODE_COUNT = 10;

export function usesSecondFactor(kind: AccountKind): boolean {
  return SECOND_FACTOR_KINDS.includes(kind);
}

export function mayPostponeSetup(kind: AccountKind, graceUntil: Date | null, now = new Date()): boolean {
  if (!usesSecondFactor(kind) || SECOND_FACTOR_REQUIRED_KINDS.includes(kind)) return false;
  return graceUntil === null || graceUntil.getTime() > now.getTime();
}
