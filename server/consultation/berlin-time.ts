import 'server-only';
import { TIME_ZONE } from '@/i18n/locales';

/** Minutes that Berlin's clock is ahead of UTC at `instant` (60 in winter, 120 in summer). */
function berlinOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a date and time on Berlin's clock ("2026-12-01", "14:30"), or null if there is no such
 * moment: an invalid date, or a time skipped when the clocks go forward. A time that occurs twice (when
 * they go back) means the first.
 */
export function berlinLocalToUtc(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  if (new Date(wall).getUTCDate() !== day) return null; // e.g. 31 April
  // Try both of the day's possible offsets; the earlier instant that shows this wall time wins.
  for (const offset of [...new Set([berlinOffsetMinutes(wall - 180 * 60_000), berlinOffsetMinutes(wall + 180 * 60_000)])].sort(
    (a, b) => b - a,
  )) {
    const instant = wall - offset * 60_000;
    if (berlinOffsetMinutes(instant) === offset) return new Date(instant);
  }
  return null;
}

/** An instant as a date and a time on Berlin's clock, as date and time fields take them ("2026-12-01", "14:30"). */
export function utcToBerlinFields(instant: Date): { date: string; time: string } {
  return {
    date: new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(instant),
    time: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant),
  };
}
