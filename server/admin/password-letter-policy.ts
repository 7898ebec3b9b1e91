import 'server-only';

/** An initial password (a joiner's, or a member's from a reset letter) stops working after this many days. */
export const INITIAL_PASSWORD_VALID_DAYS = 14;
