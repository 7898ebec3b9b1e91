import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDay } from '@/components/format-time';

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
