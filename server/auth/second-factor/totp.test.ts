import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, groupedKey, hotp, matchTotp, totpCode, totpStep } from './totp';

// RFC 6238 Appendix B: the seeds are the ASCII digits "1234567890" repeated to the hash's key length.
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');

const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC test vectors at %i s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000);
    expect(totpCode(SEED_SHA1, step, 8, 'sha1')).toBe(sha1);
    expect(totpCode(SEED_SHA256, step, 8, 'sha256')).toBe(sha256);
    expect(totpCode(SEED_SHA512, step, 8, 'sha512')).toBe(sha512);
  });

  it('matches the RFC 4226 HOTP vectors (six digits)', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SEED_SHA1, BigInt(i)))).toEqual(expected);
  });

  it('accepts one step either side of now and nothing further', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    for (const offset of [-1n, 0n, 1n]) expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step + offset), now, null)).toBe(step + offset);
    for (const offset of [-3n, -2n, 2n, 3n]) expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step + offset), now, null)).toBeNull();
  });

  it('refuses a step at or before the last one used (replay) but takes a later one', () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step), now, step)).toBeNull();
    expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step - 1n), now, step - 1n)).toBeNull();
    expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step), now, step - 1n)).toBe(step);
    expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step + 1n), now, step)).toBe(step + 1n);
  });

  it('takes spaces between the digits and refuses anything that is not six digits', () => {
    const now = new Date(1_700_000_000_000);
    const code = totpCode(SEED_SHA1, totpStep(now));
    expect(matchTotp(SEED_SHA1, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBe(totpStep(now));
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`]) expect(matchTotp(SEED_SHA1, bad, now, null)).toBeNull();
  });

  it('refuses a wrong code', () => {
    const now = new Date(1_700_000_000_000);
    const right = totpCode(SEED_SHA1, totpStep(now));
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    expect(matchTotp(SEED_SHA1, wrong, now, null)).toBeNull();
  });
});

describe('base32 (RFC 4648)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes %j as %s and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded)?.toString()).toBe(plain);
  });

  it('reads keys typed in lower case with spaces, and refuses other characters', () => {
    expect(base32Decode('mzxw 6ytb oi')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeNull();
  });

  it('groups a key in fours', () => {
    expect(groupedKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
