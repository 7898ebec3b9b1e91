import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { decodeSessionToken } from '@/server/auth/session-cookie';

const SECRET = 'session-cookie-test-secret-0123456789abcdef';
const SALT = 'authjs.session-token';
const now = () => Math.floor(Date.now() / 1000);

/** Flips one character of one compact-JWE part, keeping it valid base64url. */
function tamper(token: string, part: number): string {
  const parts = token.split('.');
  const value = parts[part]!;
  const i = Math.floor(value.length / 2);
  parts[part] = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
  return parts.join('.');
}

describe('decodeSessionToken reads what Auth.js writes, and nothing else', () => {
  it('decodes a token issued by Auth.js', async () => {
    const token = await encode({ token: { sid: 'session-1', sub: 'account-1' }, secret: SECRET, salt: SALT, maxAge: 3600 });
    expect(decodeSessionToken(token, SECRET, SALT)).toMatchObject({ sid: 'session-1', sub: 'account-1' });
  });

  it('refuses a token for another secret or another cookie name', async () => {
    const token = await encode({ token: { sid: 's' }, secret: SECRET, salt: SALT });
    expect(decodeSessionToken(token, `${SECRET}x`, SALT)).toBeNull();
    expect(decodeSessionToken(token, SECRET, `__Secure-${SALT}`)).toBeNull();
  });

  it('refuses a changed header, IV, ciphertext or tag', async () => {
    const token = await encode({ token: { sid: 's' }, secret: SECRET, salt: SALT });
    for (const part of [0, 2, 3, 4]) expect(decodeSessionToken(tamper(token, part), SECRET, SALT), `part ${part}`).toBeNull();
  });

  it('refuses an expired token, with the same 15 s tolerance as Auth.js', async () => {
    const token = await encode({ token: { sid: 's' }, secret: SECRET, salt: SALT, maxAge: 60 });
    expect(decodeSessionToken(token, SECRET, SALT, now() + 70)).not.toBeNull();
    expect(decodeSessionToken(token, SECRET, SALT, now() + 80)).toBeNull();
  });

  it('refuses malformed input without throwing', () => {
    for (const bad of ['', 'a.b.c', 'a.b.c.d.e', '....', `${Buffer.from('{"alg":"none"}').toString('base64url')}....`]) {
      expect(decodeSessionToken(bad, SECRET, SALT)).toBeNull();
    }
  });
});
