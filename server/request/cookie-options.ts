import 'server-only';
import { env } from '@/server/env';

/**
 * The flags every cookie of the gateway gets: not readable by scripts, not sent along by other sites'
 * forms, and only over TLS where the gateway is served over https (AUTH_URL), as the session cookie is.
 */
export function cookieOptions(maxAgeSeconds: number, publicOrigin = env().AUTH_URL) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: (publicOrigin ?? '').startsWith('https://'),
    maxAge: maxAgeSeconds,
  };
}
