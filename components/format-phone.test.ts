import { describe, expect, it } from 'vitest';
import { formatPhone } from '@/components/format-phone';

describe('formatPhone', () => {
  it('groups a German number nationally by its area code, whether stored with +49 or 0', () => {
    expect(formatPhone('+493012345678')).toBe('030 12345678');
    expect(formatPhone('03012345678')).toBe('030 12345678');
    expect(formatPhone('0421123456')).toBe('0421 123456');
    expect(formatPhone('01701234567')).toBe('0170 1234567');
  });

  it('shows another country’s number internationally', () => {
    expect(formatPhone('+43123456789')).toBe('+43 1 23456789');
  });

  it('leaves a number the numbering plan does not know as it was stored', () => {
    expect(formatPhone('012345')).toBe('012345');
  });
});
