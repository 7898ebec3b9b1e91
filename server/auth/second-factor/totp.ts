import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// TOTP as RFC 6238 with the parameters every authenticator app assumes by default: HMAC-SHA-1,
// 6 digits, 30-second steps from the Unix epoch. Small enough to read at once, and the RFC's own test
// vectors check it (totp.test.ts), so no library is needed (docs/decisions/0040).
export const TOTP_DIGITS = 6;
export const TOTP_STEP_SECONDS = 30;
/** Steps either side of now that still count: clocks drift and people type slowly (RFC 6238 §5.2). */
export const TOTP_WINDOW = 1;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: the form authenticator apps take a key in. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31]!;
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31]!;
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; null for any other character. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new key: 20 random bytes (160 bits), the length RFC 4226 recommends for HMAC-SHA-1. */
export function newTotpSecret(): Buffer {
  return randomBytes(20);
}

/** HOTP (RFC 4226 §5.3): HMAC-SHA-1 over the 8-byte counter, dynamically truncated to `digits` digits. */
export function hotp(secret: Uint8Array, counter: bigint, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(algorithm, secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 30-second step a moment falls in (RFC 6238 T = floor((now - T0) / X), T0 = 0). */
export function totpStep(at: Date | number): bigint {
  const ms = typeof at === 'number' ? at : at.getTime();
  return BigInt(Math.floor(ms / 1000 / TOTP_STEP_SECONDS));
}

export function totpCode(secret: Uint8Array, step: bigint, digits = TOTP_DIGITS, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  return hotp(secret, step, digits, algorithm);
}

/** Six digits, spaces allowed between them (apps show "123 456"). */
export function normaliseTotpInput(input: string): string | null {
  const digits = input.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The step whose code `input` is, within ±TOTP_WINDOW of `now` and later than `lastUsedStep`, or null.
 * A step at or before the last one accepted is refused even with its right code: each code works once
 * per account (RFC 6238 §5.2), so a code read over someone's shoulder or from a log is worthless.
 * Every candidate is compared (in constant time), so the answer's timing does not tell which step matched.
 */
export function matchTotp(secret: Uint8Array, input: string, now: Date, lastUsedStep: bigint | null): bigint | null {
  const code = normaliseTotpInput(input);
  if (!code) return null;
  const current = totpStep(now);
  let matched: bigint | null = null;
  for (let offset = -TOTP_WINDOW; offset <= TOTP_WINDOW; offset++) {
    const step = current + BigInt(offset);
    const equal = timingSafeEqual(Buffer.from(totpCode(secret, step)), Buffer.from(code));
    if (equal && matched === null && (lastUsedStep === null || step > lastUsedStep)) matched = step;
  }
  return matched;
}

/** The key as people type it: base32 in groups of four. */
export function groupedKey(base32: string): string {
  return base32.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The otpauth:// URI the QR code carries (Key Uri Format as authenticator apps read it). */
export function otpauthUri(input: { issuer: string; accountName: string; secretBase32: string }): string {
  const label = `${encodeURIComponent(input.issuer)}:${encodeURIComponent(input.accountName)}`;
  const query = new URLSearchParams({
    secret: input.secretBase32,
    issuer: input.issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
