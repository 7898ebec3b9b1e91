import 'server-only';

function crossSum(n: number): number {
  return n > 9 ? Math.floor(n / 10) + (n % 10) : n;
}

/** Weights 1,2,1,2,… with the cross sum of each product; the check digit is the sum modulo 10. */
function luhnStyleCheckDigit(digits: number[]): number {
  return digits.reduce((sum, digit, i) => sum + crossSum(digit * (i % 2 === 0 ? 1 : 2)), 0) % 10;
}

/**
 * Krankenversichertennummer (unchangeable part, § 290 SGB V): a capital letter, eight digits and a
 * check digit. The letter counts as its two-digit position in the alphabet (A = 01 … Z = 26).
 */
export function isValidInsuranceNumber(value: string): boolean {
  if (!/^[A-Z][0-9]{9}$/.test(value)) return false;
  const letter = String(value.charCodeAt(0) - 64).padStart(2, '0');
  const digits = [...letter, ...value.slice(1, 9)].map(Number);
  return luhnStyleCheckDigit(digits) === Number(value[9]);
}

/** Betriebsnummer of the Bundesagentur für Arbeit: eight digits, the last a check digit over the first seven. */
export function isValidCompanyNumber(value: string): boolean {
  if (!/^[0-9]{8}$/.test(value)) return false;
  const digits = [...value.slice(0, 7)].map(Number);
  return luhnStyleCheckDigit(digits) === Number(value[7]);
}

export type TLoginIdentifier =
  { kind: 'insurance-number'; value: string } | { kind: 'company-number'; value: string } | { kind: 'staff'; value: string };

/**
 * Tells what a person typed into the one login field. Spaces are ignored and letters upper-cased,
 * as the numbers are printed in groups on cards and letters.
 */
export function classifyLoginIdentifier(raw: string): TLoginIdentifier | { kind: 'invalid-insurance-number' | 'invalid-company-number' } {
  const compact = raw.replace(/\s+/g, '');
  if (/^[A-Za-z][0-9]{9}$/.test(compact)) {
    const value = compact.toUpperCase();
    return isValidInsuranceNumber(value) ? { kind: 'insurance-number', value } : { kind: 'invalid-insurance-number' };
  }
  if (/^[0-9]{8}$/.test(compact)) {
    return isValidCompanyNumber(compact) ? { kind: 'company-number', value: compact } : { kind: 'invalid-company-number' };
  }
  return { kind: 'staff', value: raw.trim().toLowerCase() };
}

/** Completes a letter and eight digits with the check digit, e.g. for provisioning and test data. */
export function withInsuranceCheckDigit(first9: string): string {
  if (!/^[A-Z][0-9]{8}$/.test(first9)) throw new Error('Expected a capital letter and eight digits');
  const letter = String(first9.charCodeAt(0) - 64).padStart(2, '0');
  return `${first9}${luhnStyleCheckDigit([...letter, ...first9.slice(1)].map(Number))}`;
}
