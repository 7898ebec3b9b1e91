import 'server-only';
import { COMMON_PASSWORDS } from '@/server/auth/common-passwords';

export type TWeakness = 'common' | 'pattern' | 'personal';

// Rows of German and English keyboards, the alphabet and the digits: walks along them are guessed first.
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '0123456789',
  'qwertzuiopü',
  'qwertyuiop',
  'asdfghjklöä',
  'asdfghjkl',
  'yxcvbnm',
  'zxcvbnm',
];

/** The password's core: lower-case, with the digits and symbols people add at either end removed. */
function core(password: string): string {
  return password.toLowerCase().replace(/^[^a-zäöüß]+|[^a-zäöüß]+$/g, '');
}

/** Whether the password is mostly one repeated piece or a walk along a row, forwards or backwards. */
function isPattern(password: string): boolean {
  const lower = password.toLowerCase();
  if (new Set(lower).size <= 3) return true;
  for (let unit = 1; unit <= lower.length / 2; unit++) {
    if (
      lower
        .slice(0, unit)
        .repeat(Math.ceil(lower.length / unit))
        .slice(0, lower.length) === lower
    )
      return true;
  }
  const stripped = lower.replace(/[^a-zäöü0-9]/g, '');
  return SEQUENCES.some((row) => {
    const reversed = [...row].reverse().join('');
    return stripped.length >= 6 && [row, reversed, row.repeat(3), reversed.repeat(3)].some((r) => r.includes(stripped));
  });
}

/**
 * Why a new password would be easy to guess (NIST SP 800-63B 5.1.1.2: commonly used values, repetitive
 * or sequential characters, context-specific words), or null. The length rule is the form's.
 */
export function passwordWeakness(password: string, context: { loginName: string; displayName: string }): TWeakness | null {
  const lower = password.toLowerCase();
  const stem = core(password);
  if (COMMON_PASSWORDS.has(stem) || COMMON_PASSWORDS.has(stem.replace(/(.+?)\1+$/, '$1'))) return 'common';
  if (isPattern(password)) return 'pattern';
  const personal = [context.loginName, ...context.displayName.split(/\s+/)].map((p) => p.toLowerCase()).filter((p) => p.length >= 4);
  if (personal.some((p) => lower.includes(p))) return 'personal';
  return null;
}
