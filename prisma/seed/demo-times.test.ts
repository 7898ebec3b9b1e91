import { describe, expect, it } from 'vitest';
import { demoConsultationStart } from '@/prisma/seed/demo-times';

// Berlin is UTC+1 in December and UTC+2 in July.
const at = (iso: string, hours: number) => demoConsultationStart(new Date(iso), hours).toISOString();

describe('demo consultation times', () => {
  it('keeps a time later today when it is within working hours, on the next half hour', () => {
    expect(at('2026-12-04T09:10:00Z', 1)).toBe('2026-12-04T10:30:00.000Z'); // Friday 10:10 → 11:30
    expect(at('2026-12-04T09:00:00Z', 3)).toBe('2026-12-04T12:00:00.000Z'); // 10:00 → 13:00
  });

  it('moves a time after 17:30 to the next working day, skipping the weekend', () => {
    expect(at('2026-12-04T15:40:00Z', 2)).toBe('2026-12-07T09:30:00.000Z'); // Friday 16:40 → Monday 10:30
    expect(at('2026-12-05T23:00:00Z', 1)).toBe('2026-12-07T08:30:00.000Z'); // Sunday 00:00 → Monday 09:30
  });

  it('uses the same day when the demo starts before opening time', () => {
    expect(at('2026-12-03T04:30:00Z', 1)).toBe('2026-12-03T08:30:00.000Z'); // Thursday 05:30 → 09:30
    expect(at('2026-07-02T03:30:00Z', 2)).toBe('2026-07-02T08:30:00.000Z'); // summer time: 05:30 → 10:30
  });

  it('starts a consultation after midnight on the next working day, never at night', () => {
    expect(at('2026-12-08T22:45:00Z', 1)).toBe('2026-12-09T08:30:00.000Z'); // Tuesday 23:45 → Wednesday 09:30
  });
});
