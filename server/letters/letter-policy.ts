import 'server-only';

/** An advisor may request at most one letter for a member in this time: the administrator handles the rest. */
export const ADVISOR_LETTER_INTERVAL_MS = 24 * 60 * 60_000;

/** A letter the print system reports failed is requested again with a new code, up to this many letters in all. */
export const MAX_LETTER_ATTEMPTS = 3;

export const LETTER_LANGUAGES = ['de', 'en'] as const;
export type TLetterLanguage = (typeof LETTER_LANGUAGES)[number];

/** Reasons the print system may give for a letter it could not print or post (docs/print-api.md). */
export const LETTER_FAILURE_REASONS = ['printer-error', 'damaged', 'address-unknown', 'not-received', 'other'] as const;
export type TLetterFailureReason = (typeof LETTER_FAILURE_REASONS)[number];

/**
 * Reasons the gateway itself records: the credential that had fetched the letter was revoked before
 * the print system reported on it, or the letter could not be rendered (it was never handed over).
 */
export const GATEWAY_FAILURE_REASONS = ['credential-revoked', 'render-failed'] as const;
export const ALL_LETTER_FAILURE_REASONS = [...LETTER_FAILURE_REASONS, ...GATEWAY_FAILURE_REASONS] as const;
export type TAnyLetterFailureReason = (typeof ALL_LETTER_FAILURE_REASONS)[number];
