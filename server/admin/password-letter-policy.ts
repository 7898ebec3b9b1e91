import 'server-only';

/** An initial password (a joiner's, or a member's from a reset letter) stops working after this many days. */
export const INITIAL_PASSWORD_VALID_DAYS = 14;

/** An advisor may send one member at most one letter in this time (each letter locks the member out until it arrives). */
export const ADVISOR_LETTER_INTERVAL_MS = 24 * 60 * 60_000;
