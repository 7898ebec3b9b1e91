import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { env } from '@/server/env';

// TOTP keys are stored encrypted (AES-256-GCM) with a key derived from AUTH_SECRET by HKDF, so a copy
// of the database alone (a backup, an export) does not let anyone compute codes. No new secret to
// manage; the price: rotating AUTH_SECRET means enrolling again (docs/decisions/0040).
const FORMAT = 'v1';
let cached: { secret: string; key: Buffer } | undefined;

function boxKey(secret = env().AUTH_SECRET): Buffer {
  if (cached?.secret !== secret) {
    cached = { secret, key: Buffer.from(hkdfSync('sha256', secret, 'consent-gateway', 'second-factor secret box v1', 32)) };
  }
  return cached.key;
}

/**
 * "v1.<iv>.<tag>.<ciphertext>" (base64url); the account id is bound in as additional data.
 * `authSecret`: only for the seed factories, which also run where the app's configuration is not loaded (the e2e runner).
 */
export function sealSecret(plain: Uint8Array, accountId: string, authSecret?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', boxKey(authSecret), iv).setAAD(Buffer.from(accountId));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The key, or null if the box was tampered with, belongs to another account or another AUTH_SECRET. */
export function openSecret(sealed: string, accountId: string): Buffer | null {
  const [format, iv, tag, body] = sealed.split('.');
  if (format !== FORMAT || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', boxKey(), Buffer.from(iv, 'base64url')).setAAD(Buffer.from(accountId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
  } catch {
    return null;
  }
}
