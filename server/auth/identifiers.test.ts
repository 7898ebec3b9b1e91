import { describe, expect, it } from 'vitest';
import { classifyLoginIdentifier, isValidCompanyNumber, isValidInsuranceNumber, withInsuranceCheckDigit } from '@/server/auth/identifiers';

describe('insurance number (KVNR)', () => {
  it('accepts numbers whose check digit fits', () => {
    // A = 01: 0·1 + 1·2 + 1·1 + 2·2 + 3·1 + 4·2 + 5·1 + (6·2 → 1+2) + 7·1 + (8·2 → 1+6) = 40 → 0
    expect(isValidInsuranceNumber('A123456780')).toBe(true);
    expect(isValidInsuranceNumber('B987654321')).toBe(false);
  });
  it('rejects a wrong check digit, a typo and a swap', () => {
    expect(isValidInsuranceNumber('A123456781')).toBe(false);
    expect(isValidInsuranceNumber('A123456790')).toBe(false);
    expect(isValidInsuranceNumber('A213456780')).toBe(false);
  });
  it('rejects wrong shapes', () => {
    for (const value of ['', 'a123456780', '1123456780', 'A12345678', 'A1234567801', 'AB23456780']) {
      expect(isValidInsuranceNumber(value)).toBe(false);
    }
  });
});

describe('company number (Betriebsnummer)', () => {
  it('checks the eighth digit against the first seven', () => {
    // 1·1 + 2·2 + 3·1 + 4·2 + 5·1 + (6·2 → 3) + 7·1 = 31 → 1
    expect(isValidCompanyNumber('12345671')).toBe(true);
    expect(isValidCompanyNumber('12345672')).toBe(false);
    expect(isValidCompanyNumber('21345671')).toBe(false);
    expect(isValidCompanyNumber('1234567')).toBe(false);
    expect(isValidCompanyNumber('1234567a')).toBe(false);
  });
});

describe('classifyLoginIdentifier', () => {
  it('tells the three kinds of login apart and normalises them', () => {
    expect(classifyLoginIdentifier(' a 123 456 780 ')).toEqual({ kind: 'insurance-number', value: 'A123456780' });
    expect(classifyLoginIdentifier('1234 5671')).toEqual({ kind: 'company-number', value: '12345671' });
    expect(classifyLoginIdentifier(' M.Berger ')).toEqual({ kind: 'staff', value: 'm.berger' });
  });
  it('reports a mistyped number instead of trying it as a user name', () => {
    expect(classifyLoginIdentifier('A123456781')).toEqual({ kind: 'invalid-insurance-number' });
    expect(classifyLoginIdentifier('12345672')).toEqual({ kind: 'invalid-company-number' });
  });
});

describe('withInsuranceCheckDigit', () => {
  it('produces numbers the validator accepts', () => {
    expect(withInsuranceCheckDigit('A12345678')).toBe('A123456780');
    for (const prefix of ['Z00000000', 'M31415926', 'Q99999999'])
      expect(isValidInsuranceNumber(withInsuranceCheckDigit(prefix))).toBe(true);
  });
});
