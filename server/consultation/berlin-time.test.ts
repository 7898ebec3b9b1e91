import { describe, expect, it } from 'vitest';
import { berlinLocalToUtc, utcToBerlinFields } from '@/server/consultation/berlin-time';

describe("Berlin's clock to an instant", () => {
  it('applies winter and summer time', () => {
    expect(berlinLocalToUtc('2026-12-01', '14:30')?.toISOString()).toBe('2026-12-01T13:30:00.000Z');
    expect(berlinLocalToUtc('2026-07-01', '14:30')?.toISOString()).toBe('2026-07-01T12:30:00.000Z');
  });

  it('refuses a time skipped when the clocks go forward, and takes the first of a doubled hour', () => {
    expect(berlinLocalToUtc('2026-03-29', '02:30')).toBeNull();
    expect(berlinLocalToUtc('2026-10-25', '02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(berlinLocalToUtc('2026-10-25', '03:30')?.toISOString()).toBe('2026-10-25T02:30:00.000Z');
  });

  it('refuses dates and times that do not exist', () => {
    for (const [date, time] of [
      ['2026-04-31', '10:00'],
      ['2026-13-01', '10:00'],
      ['2026-12-01', '24:00'],
      ['1.12.2026', '10:00'],
      ['2026-12-01', '9:00'],
    ]) {
      expect(berlinLocalToUtc(date!, time!), `${date!} ${time!}`).toBeNull();
    }
  });

  it('turns an instant back into the fields it came from, winter and summer', () => {
    expect(utcToBerlinFields(new Date('2026-12-01T13:30:00Z'))).toEqual({ date: '2026-12-01', time: '14:30' });
    expect(utcToBerlinFields(berlinLocalToUtc('2026-07-01', '00:05')!)).toEqual({ date: '2026-07-01', time: '00:05' });
  });
});
