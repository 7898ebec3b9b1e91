import 'server-only';
import { z } from 'zod';

export const DISCLOSURE_LANGUAGES = ['de', 'en'] as const;
export type TDisclosureLanguage = (typeof DISCLOSURE_LANGUAGES)[number];

/** Limits generous for a risk disclosure, tight enough that nobody pastes a book into the consent page. */
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

// Control characters other than line breaks and tabs never belong in a text members read; the hash
// would cover them while the page hides them.
// eslint-disable-next-line no-control-regex -- the point: control characters are refused
const printable = (value: string) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value);

/** The draft form: which service and language, and the text. */
export const ZDisclosureDraftInput = z.object({
  videoServiceId: z.uuid(),
  language: z.enum(DISCLOSURE_LANGUAGES),
  title: z.string().trim().min(3).max(TITLE_MAX).refine(printable),
  body: z.string().trim().min(20).max(BODY_MAX).refine(printable),
});
export type TDisclosureDraftInput = z.infer<typeof ZDisclosureDraftInput>;

/** Editing keeps service and language: a draft is written for one of each. */
export const ZDisclosureDraftEdit = ZDisclosureDraftInput.pick({ title: true, body: true });
export type TDisclosureDraftEdit = z.infer<typeof ZDisclosureDraftEdit>;

export type TDraftField = keyof TDisclosureDraftInput;

/** The fields a failed parse names, each once, in form order. */
export function invalidDraftFields(error: z.ZodError): TDraftField[] {
  const named = new Set(error.issues.map((issue) => String(issue.path[0])));
  return (['videoServiceId', 'language', 'title', 'body'] as const).filter((field) => named.has(field));
}
