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

/** The Berlin calendar day an instant falls on, as days since 1970-01-01 (to count days between two instants there). */
function berlinDayNumber(value: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(
    value,
  );
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000;
}

/**
 * Date and time as a table row shows them where people scan many ("heute 14:00", "Fr., 5. Dez., 09:30",
 * "Fri 5 Dec, 09:30"): relative to `now` for yesterday, today and tomorrow, with the year only when it is not
 * `now`'s. Berlin time without the zone: the detail page, and the cell's title, give the whole date.
 */
export function formatCompact(value: Date, locale: string, now: Date, options: { seconds?: boolean } = {}): string {
  const tag = locale === 'en' ? 'en-GB' : 'de-DE';
  const clock = new Intl.DateTimeFormat(tag, {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' as const } : {}),
  }).format(value);
  const days = berlinDayNumber(value) - berlinDayNumber(now);
  if (Math.abs(days) <= 1) return `${new Intl.RelativeTimeFormat(tag, { numeric: 'auto' }).format(days, 'day')} ${clock}`;
  const sameYear = formatDay(value, 'en').slice(-4) === formatDay(now, 'en').slice(-4);
  const day = new Intl.DateTimeFormat(tag, {
    timeZone: TIME_ZONE,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' as const }),
  }).format(value);
  return `${day}, ${clock}`;
}
