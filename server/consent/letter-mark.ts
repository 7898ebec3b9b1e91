import 'server-only';
import { z } from 'zod';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { LetterRequester } from '@/server/db/generated/enums';

/**
 * Who had requested the password letter whose code the member replaced just before deciding
 * (docs/decisions/0042): kept on the decision (`consent_decision.after_password_letter`) and in its log
 * entry's payload as `afterPasswordLetter`. A role, never a person: the payload holds no personal data.
 */
export const ZLetterRequester = z.enum(LetterRequester);
export type TLetterRequester = z.infer<typeof ZLetterRequester>;

/**
 * The log events that can carry the mark: the decisions `recordDecision` writes. Withdrawals do not
 * (server/consent/withdraw-consent.ts says why), so a filter on the mark looks at these only.
 */
export const LETTER_MARKED_EVENTS = [LOG_EVENT.consentGiven, LOG_EVENT.consentRefused] as const;

/** A stored mark as read back (a payload field, a text column); anything else counts as no mark. */
export function asLetterRequester(value: unknown): TLetterRequester | null {
  const parsed = ZLetterRequester.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The mark in a log entry's payload; null for entries without one (all entries written before 0042). */
export function letterMarkOf(payload: unknown): TLetterRequester | null {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  return asLetterRequester((payload as Record<string, unknown>).afterPasswordLetter);
}
