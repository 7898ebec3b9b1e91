import 'server-only';

/** An initial password (a joiner's, or the code in a member's letter) stops working after this many days. */
export const INITIAL_PASSWORD_VALID_DAYS = 14;
export const INITIAL_PASSWORD_VALID_MS = INITIAL_PASSWORD_VALID_DAYS * 24 * 60 * 60_000;

/**
 * Sessions opened within this time after the member replaced a letter's code carry the letter's mark,
 * and so do the consents given from them (docs/decisions/0042).
 */
export const LETTER_MARK_WINDOW_MS = 60 * 60_000;
