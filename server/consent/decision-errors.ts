import 'server-only';
import { z } from 'zod';

/** Why a decision was not saved; field errors name their box (the form links to it). */
export const DECISION_ERRORS = [
  'transmission',
  'thirdCountryTransfer',
  'recording',
  'phone',
  'badToken',
  'pageUsed',
  'invalid',
  'unavailable',
] as const;
export type TDecisionError = (typeof DECISION_ERRORS)[number];
const FIELDS: ReadonlySet<TDecisionError> = new Set(['transmission', 'thirdCountryTransfer', 'recording', 'phone']);

const ZErrorCode = z.enum(DECISION_ERRORS);

/** The `error` query parameter the decision route redirects back with; unknown codes are ignored. */
export function decisionErrorsFromQuery(value: unknown): TDecisionError[] {
  if (typeof value !== 'string') return [];
  const codes = value.split(',').flatMap((code) => {
    const parsed = ZErrorCode.safeParse(code);
    return parsed.success ? [parsed.data] : [];
  });
  return [...new Set(codes)];
}

export function decisionErrorsForForm(
  codes: TDecisionError[],
  message: (code: TDecisionError) => string,
): { field: string; message: string }[] {
  return codes.map((code) => ({ field: FIELDS.has(code) ? code : '', message: message(code) }));
}
