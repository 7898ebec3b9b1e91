import { TIME_ZONE } from '@/i18n/locales';

/**
 * Date and time in Europe/Berlin, the time with its zone (MEZ/MESZ, CET/CEST), so nobody has to
 * guess which clock is meant.
 */
export function formatDateTime(value: Date, locale: string, options: { seconds?: boolean } = {}): { date: string; time: string } {
  const tag = locale === 'en' ? 'en-GB' : 'de-DE';
  const date = new Intl.DateTimeFormat(tag, {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(value);
  const parts = new Intl.DateTimeFormat(tag, {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' as const } : {}),
    timeZoneName: 'short',
  }).formatToParts(value);
  const clock = parts
    .filter((p) => p.type === 'hour' || p.type === 'minute' || p.type === 'second' || p.type === 'literal')
    .map((p) => p.value)
    .join('')
    .trim();
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  return { date, time: locale === 'en' ? `${clock} ${zone}` : `${clock} Uhr ${zone}` };
}

/** Date and time in one phrase, as tables and facts lists show them ("Donnerstag, 26. November 2026, 14:30 Uhr MEZ"). */
export function formatWhen(value: Date, locale: string, options: { seconds?: boolean } = {}): string {
  const { date, time } = formatDateTime(value, locale, options);
  return `${date}, ${time}`;
}

/**
 * A Berlin calendar day without weekday or time ("1. Dezember 2026"), for whole days: a range of days, a
 * last day of validity. The day `value` falls on in Berlin; for an exclusive end, pass the instant before it.
 */
export function formatDay(value: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(value);
}
