import 'server-only';
import { getTranslations } from 'next-intl/server';
import { BODY_MAX, TITLE_MAX } from '@/server/disclosure/draft-input';
import type { TDraftLabels } from './draft-form';

/** The draft form's texts in the reader's language, for a new draft and for an edit. */
export async function draftFormTexts(submit: string): Promise<{ labels: TDraftLabels; limits: { title: number; body: number } }> {
  const t = await getTranslations('disclosures');
  const tc = await getTranslations('common');
  return {
    labels: {
      service: t('service'),
      language: t('language'),
      title: t('fieldTitle'),
      titleHint: t('fieldTitleHint', { max: TITLE_MAX }),
      body: t('fieldBody'),
      bodyHint: t('fieldBodyHint', { max: BODY_MAX }),
      submit,
      errorTitle: tc('errorSummaryTitle'),
    },
    limits: { title: TITLE_MAX, body: BODY_MAX },
  };
}
