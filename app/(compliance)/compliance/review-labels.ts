import 'server-only';
import { getTranslations } from 'next-intl/server';
import { NOTE_MAX } from '@/server/four-eyes/four-eyes';
import type { TReviewLabels } from './review-form';

/** The review form's texts in the reader's language. */
export async function reviewLabels(intro: string, approve: string): Promise<TReviewLabels> {
  const t = await getTranslations('fourEyes');
  const tc = await getTranslations('common');
  return {
    heading: t('heading'),
    intro,
    note: t('note'),
    noteHint: t('noteHint', { max: NOTE_MAX }),
    approve,
    reject: t('reject'),
    errorTitle: tc('errorSummaryTitle'),
  };
}
