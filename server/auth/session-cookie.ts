import 'server-only';
import { decode } from 'next-auth/jwt';
import { env } from '@/server/env';

// Auth.js names its session cookie with the __Secure- prefix when it is served over HTTPS; the cookie
// name is also the salt of its key (Auth.js's documented `decode({ token, secret, salt })`).
const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;

/** Tokens already decoded, with the session id they carry and when they expire; bounded, oldest first out. */
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, { sid: string; exp: number }>();

/**
 * The session id inside a token Auth.js issued, or null if it is malformed, forged, tampered with or
 * expired. Decoded with Auth.js's public `decode` (docs/decisions/0048): about 0.7 ms of CPU per call
 * on this machine, so a token that decoded is remembered until it expires. The cookie never changes
 * during a session (nothing rolls it, 0016), so every later request of the session costs one lookup.
 * Only tokens that decoded are remembered: garbage cannot fill the memory.
 */
async function sessionIdOf(token: string, salt: string): Promise<string | null> {
  const key = `${salt}\u0000${token}`;
  const hit = remembered.get(key);
  if (hit && hit.exp > Date.now() / 1000) return hit.sid;
  remembered.delete(key);
  let claims: { sid?: unknown; exp?: unknown } | null;
  try {
    claims = await decode({ token, secret: env().AUTH_SECRET, salt });
  } catch {
    return null;
  }
  const sid = claims?.sid;
  if (typeof sid !== 'string' || typeof claims?.exp !== 'number') return null;
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, { sid, exp: claims.exp });
  return sid;
}

type TCookieReader = { get(name: string): { value: string } | undefined };

/**
 * The session id inside the Auth.js session cookie, or null. Reading the cookie directly instead of
 * through auth() also skips Auth.js's internal session request, which re-encrypts and re-sends the
 * cookie on every call: the session table, not the cookie, decides whether a session is alive
 * (docs/decisions/0005-sessions.md), so there is nothing to roll.
 */
export async function sessionIdFromCookies(cookies: TCookieReader): Promise<string | null> {
  for (const name of SESSION_COOKIES) {
    const token = cookies.get(name)?.value;
    if (token) return sessionIdOf(token, name);
  }
  return null;
}
