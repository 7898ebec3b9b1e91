import { describe, expect, it } from 'vitest';
import { normaliseCallbackPhone } from '@/server/consent/callback-phone';

describe('the callback number the member confirms', () => {
  it('keeps the digits of numbers written as people write them', () => {
    expect(normaliseCallbackPhone(' +49 (30) 1234-567 ')).toBe('+49301234567');
    expect(normaliseCallbackPhone('030 / 123 45 67')).toBe('0301234567');
  });

  it('refuses what cannot be a phone number', () => {
    for (const bad of [undefined, '', '12345', 'abc', '+0301234567', '0301234567890123456', '030 1234567 ext. 5'])
      expect(normaliseCallbackPhone(bad), String(bad)).toBeNull();
  });
});
