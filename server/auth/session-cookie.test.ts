import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';
import { env } from '@/server/env';

const SALT = 'authjs.session-token';
const secret = () => env().AUTH_SECRET;
const jar = (cookies: Record<string, string>) => ({ get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined) });
const issue = (claims: Record<string, unknown>, options: { secret?: string; salt?: string; maxAge?: number } = {}) =>
  encode({ token: claims, secret: options.secret ?? secret(), salt: options.salt ?? SALT, maxAge: options.maxAge ?? 3600 });

/** Flips one character of one compact-JWE part, keeping it valid base64url. */
function tamper(token: string, part: number): string {
  const parts = token.split('.');
  const value = parts[part]!;
  const i = Math.floor(value.length / 2);
  parts[part] = value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
  return parts.join('.');
}

describe('the session cookie: what Auth.js issued, read with its public decode, and nothing else', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the session id of a token Auth.js issued, under either cookie name', async () => {
    expect(await sessionIdFromCookies(jar({ [SALT]: await issue({ sid: 'session-1', sub: 'account-1' }) }))).toBe('session-1');
    const secure = `__Secure-${SALT}`;
    expect(await sessionIdFromCookies(jar({ [secure]: await issue({ sid: 'session-2' }, { salt: secure }) }))).toBe('session-2');
  });

  it('refuses a token for another secret or another cookie name', async () => {
    expect(await sessionIdFromCookies(jar({ [SALT]: await issue({ sid: 's' }, { secret: `${secret()}x` }) }))).toBeNull();
    expect(await sessionIdFromCookies(jar({ [SALT]: await issue({ sid: 's' }, { salt: `__Secure-${SALT}` }) }))).toBeNull();
  });

  it('refuses a changed header, IV, ciphertext or tag, also after the original was read', async () => {
    const token = await issue({ sid: 's' });
    expect(await sessionIdFromCookies(jar({ [SALT]: token }))).toBe('s');
    for (const part of [0, 2, 3, 4]) expect(await sessionIdFromCookies(jar({ [SALT]: tamper(token, part) })), `part ${part}`).toBeNull();
  });

  it('refuses an expired token, also one it read while it was valid', async () => {
    const token = await issue({ sid: 's' }, { maxAge: 60 });
    expect(await sessionIdFromCookies(jar({ [SALT]: token }))).toBe('s');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    expect(await sessionIdFromCookies(jar({ [SALT]: token }))).toBeNull();
  });

  it('refuses malformed input and a token without a session id, without throwing', async () => {
    for (const bad of ['', 'a.b.c', 'a.b.c.d.e', '....', `${Buffer.from('{"alg":"none"}').toString('base64url')}....`]) {
      expect(await sessionIdFromCookies(jar({ [SALT]: bad }))).toBeNull();
    }
    expect(await sessionIdFromCookies(jar({ [SALT]: await issue({ sub: 'account-1' }) }))).toBeNull();
    expect(await sessionIdFromCookies(jar({}))).toBeNull();
  });
});
