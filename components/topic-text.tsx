import { getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { DEFAULT_LOCALE } from '@/i18n/locales';

/**
 * A consultation's topic as the advisor entered it: in the organisation's language (German), whatever
 * language the page is in, so on an English page it is marked as German (WCAG 3.1.2) for screen readers.
 */
export function TopicText({ topic, locale }: { topic: string; locale: string }) {
  return locale === DEFAULT_LOCALE ? topic : <span lang={DEFAULT_LOCALE}>{topic}</span>;
}

/**
 * A page title naming a consultation: the topic in German pages; on other pages the title cannot mark a
 * part of itself as German, so it names the appointment by its date instead.
 */
export async function consultationTitle(consultation: { topic: string; startsAt: Date }, locale: string): Promise<string> {
  if (locale === DEFAULT_LOCALE) return consultation.topic;
  const t = await getTranslations('consultation');
  return t('titleByDate', { date: formatDateTime(consultation.startsAt, locale).date });
}
