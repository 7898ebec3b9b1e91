import 'server-only';
import { createHmac, randomInt } from 'node:crypto';
import { env } from '@/server/env';
import { RECOVERY_CODE_COUNT } from '@/server/auth/second-factor/policy';

// Letters and digits that cannot be mistaken for each other when read off paper (no 0/O, 1/l/I).
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/** Ten fresh codes like "k7mq-x3ab-94tz" (about 59 bits each), to be shown once and stored only hashed. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    Array.from({ length: GROUPS }, () => Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join(
      '-',
    ),
  );
}

/** What the person typed, in the codes' own form: lower case, without spaces or dashes; null if it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const plain = input.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === GROUPS * GROUP_LENGTH && [...plain].every((c) => ALPHABET.includes(c)) ? plain : null;
}

/**
 * A keyed hash (HMAC-SHA-256 with GATEWAY_SECRET): the codes are random enough that a slow password
 * hash adds nothing, and the key means a copy of the table alone cannot be searched.
 */
export function hashRecoveryCode(normalised: string): string {
  return createHmac('sha256', env().GATEWAY_SECRET).update(`recovery-code:${normalised}`).digest('hex');
}
