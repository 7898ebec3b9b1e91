import { describe, expect, it } from 'vitest';
import { formatCompact, formatDateTime, formatDay } from '@/components/format-time';

describe('formatDateTime', () => {
  it('shows Berlin time with its zone, winter and summer', () => {
    expect(formatDateTime(new Date('2026-11-25T13:30:00Z'), 'de')).toEqual({ date: 'Mittwoch, 25. November 2026', time: '14:30 Uhr MEZ' });
    expect(formatDateTime(new Date('2026-07-01T08:05:00Z'), 'de').time).toBe('10:05 Uhr MESZ');
    expect(formatDateTime(new Date('2026-11-25T13:30:00Z'), 'en')).toEqual({ date: 'Wednesday, 25 November 2026', time: '14:30 CET' });
  });

  it('adds seconds where the order of events within a minute matters', () => {
    expect(formatDateTime(new Date('2026-11-25T13:30:07Z'), 'de', { seconds: true }).time).toBe('14:30:07 Uhr MEZ');
    expect(formatDateTime(new Date('2026-11-25T13:30:07Z'), 'en', { seconds: true }).time).toBe('14:30:07 CET');
  });
});

describe('formatDay', () => {
  it('shows the Berlin day, also just after midnight there when it is still the day before in UTC', () => {
    expect(formatDay(new Date('2026-11-30T23:30:00Z'), 'de')).toBe('1. Dezember 2026');
    expect(formatDay(new Date('2026-11-30T23:30:00Z'), 'en')).toBe('1 December 2026');
    // The instant before the exclusive end of 1 December (midnight Berlin): still 1 December.
    expect(formatDay(new Date(new Date('2026-12-01T23:00:00Z').getTime() - 1), 'de')).toBe('1. Dezember 2026');
  });
});

describe('formatCompact', () => {
  // Saturday, 5 December 2026, 11:00 in Berlin.
  const now = new Date('2026-12-05T10:00:00Z');

  it('names yesterday, today and tomorrow by the Berlin day, also where UTC is still on the day before', () => {
    expect(formatCompact(new Date('2026-12-05T13:00:00Z'), 'de', now)).toBe('heute 14:00');
    expect(formatCompact(new Date('2026-12-05T13:00:00Z'), 'en', now)).toBe('today 14:00');
    expect(formatCompact(new Date('2026-12-05T23:30:00Z'), 'de', now)).toBe('morgen 00:30');
    expect(formatCompact(new Date('2026-12-04T08:30:00Z'), 'en', now)).toBe('yesterday 09:30');
  });

  it('gives other days a short weekday and month, and the year only when it is not this one', () => {
    expect(formatCompact(new Date('2026-12-11T08:30:00Z'), 'de', now)).toBe('Fr., 11. Dez., 09:30');
    expect(formatCompact(new Date('2026-12-11T08:30:00Z'), 'en', now)).toBe('Fri 11 Dec, 09:30');
    expect(formatCompact(new Date('2027-01-08T08:30:00Z'), 'de', now)).toBe('Fr., 8. Jan. 2027, 09:30');
    expect(formatCompact(new Date('2026-07-01T08:05:07Z'), 'en', now, { seconds: true })).toBe('Wed 1 Jul, 10:05:07');
  });
});
