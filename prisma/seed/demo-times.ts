// When the demo's consultations take place: in working hours on Berlin's clock, so that a demo started at
// night or at the weekend does not show advisors working at 00:30 (docs/decisions/0069).
import { berlinLocalToUtc, utcToBerlinFields } from '@/server/consultation/berlin-time';
import { TIME_ZONE } from '@/i18n/locales';

const OPENS = '08:00';
const LAST_START = '17:30';
const HALF_HOUR = 30 * 60_000;

/** Monday to Friday on Berlin's calendar (public holidays are not known here). */
export function isWorkingDay(instant: Date): boolean {
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, weekday: 'short' }).format(instant);
  return weekday !== 'Sat' && weekday !== 'Sun';
}

function inWorkingHours(instant: Date): boolean {
  const { time } = utcToBerlinFields(instant);
  return isWorkingDay(instant) && time >= OPENS && time <= LAST_START;
}

/** The Berlin date `offset` working days from `date` (negative: before), at `time`. */
export function workingDayFrom(date: string, time: string, offset: number): Date {
  // Noon is never skipped or doubled by a clock change: stepping from it stays on whole days.
  let at = berlinLocalToUtc(date, '12:00')!;
  for (let left = Math.abs(offset); left > 0;) {
    at = new Date(at.getTime() + Math.sign(offset) * 86_400_000);
    if (isWorkingDay(at)) left--;
  }
  return berlinLocalToUtc(utcToBerlinFields(at).date, time)!;
}

/**
 * A demo consultation about `hours` from `now`, on the next full or half hour, if that falls in working
 * hours (Monday to Friday, 08:00 to 17:30 in Berlin); otherwise on the next working day, `hours` after
 * 08:30 there. Public holidays are not known here.
 */
export function demoConsultationStart(now: Date, hours: number): Date {
  const soon = Math.ceil((now.getTime() + hours * 3_600_000) / HALF_HOUR) * HALF_HOUR;
  if (inWorkingHours(new Date(soon))) return new Date(soon);
  const { date, time } = utcToBerlinFields(now);
  const opening = time < OPENS && isWorkingDay(now) ? berlinLocalToUtc(date, '08:30')! : workingDayFrom(date, '08:30', 1);
  return new Date(opening.getTime() + hours * 3_600_000);
}
