import 'server-only';
import { getTranslations } from 'next-intl/server';
import { DURATIONS } from '@/server/scheduling/schedule-consultation';
import type { TScheduleLabels } from './schedule-form';

/** The scheduling form's texts in the reader's language, for scheduling and for rescheduling. */
export async function scheduleFormTexts(
  submit: string,
): Promise<{ labels: TScheduleLabels; durations: { value: string; label: string }[] }> {
  const t = await getTranslations('schedule');
  const tc = await getTranslations('common');
  return {
    labels: {
      member: t('member'),
      memberHint: t('memberHint'),
      topic: t('topic'),
      topicHint: t('topicHint'),
      date: t('date'),
      time: t('time'),
      duration: t('duration'),
      service: t('service'),
      submit,
      errorTitle: tc('errorSummaryTitle'),
    },
    durations: DURATIONS.map((count) => ({ value: String(count), label: t('minutes', { count }) })),
  };
}
