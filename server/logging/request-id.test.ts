import { describe, expect, it } from 'vitest';
import { requestIdFrom, safeRequestId } from '@/server/logging/request-id';

describe('request ids', () => {
  it('takes a UUID or a long hexadecimal id from the caller', () => {
    expect(safeRequestId('0f8e2c1a-7d3b-4c55-9a10-6b2e3f4d5c6a')).toBe('0f8e2c1a-7d3b-4c55-9a10-6b2e3f4d5c6a');
    expect(safeRequestId('9f86d081884c7d659a2feaa0c55ad015')).toBe('9f86d081884c7d659a2feaa0c55ad015');
  });

  it('refuses anything that could carry personal data or break a log line', () => {
    for (const unsafe of [
      'A123456780',
      '12345671',
      '+49 30 1234567-0',
      '004930123456789',
      'Erika Mustermann',
      'x'.repeat(20),
      'abc\n{"level":"fatal"}',
      'a'.repeat(65),
      '',
    ]) {
      expect(safeRequestId(unsafe), unsafe).toBeNull();
    }
  });

  it('generates a fresh UUID when the caller sent none or an unsafe one', () => {
    const id = requestIdFrom(new Headers({ 'x-request-id': 'A123456780' }));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(requestIdFrom(new Headers())).not.toBe(id);
  });
});
