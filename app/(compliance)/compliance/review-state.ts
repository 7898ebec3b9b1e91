import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';

/** What the review form shows again after a refused decision: the problem and the note as typed. */
export type TReviewState = { errors: TFieldError[]; note: string };

/** A form field as text; a missing or file field is empty. */
export function textOf(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === 'string' ? value : '';
}

/**
 * Why a decision was not recorded, in the reader's language: a missing or overlong note is the note
 * field's error, the rest concern the whole request.
 */
export async function reviewProblem(kind: 'invalid' | 'own-request' | 'already-decided' | 'stale', note: string): Promise<TReviewState> {
  const t = await getTranslations('fourEyes');
  return { errors: [{ field: kind === 'invalid' ? 'note' : '', message: t(`problems.${kind}`) }], note: note.slice(0, 2000) };
}
