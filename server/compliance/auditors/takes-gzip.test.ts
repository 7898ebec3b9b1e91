import { describe, expect, it } from 'vitest';
import { takesGzip } from '@/server/compliance/auditors/answer-tile-request-directly';

// RFC 9110, 12.5.3: a coding is acceptable if listed with a weight above 0, or covered by "*" with one;
// "x-gzip" is gzip (8.4.1.3); a weight of 0 means "not acceptable", and an explicit entry wins over "*".
describe('whether an Accept-Encoding header takes gzip', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['GZip', true],
    ['x-gzip', true],
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.5', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['br, *;q=0.1', true],
    ['gzip;q=nonsense', false],
  ])('%j: %s', (header, expected) => {
    expect(takesGzip(header)).toBe(expected);
  });
});
