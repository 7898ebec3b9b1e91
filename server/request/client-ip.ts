import 'server-only';

/**
 * The client's address. The gateway's own server (scripts/serve.mjs) has decided it from the TCP peer
 * and TRUSTED_PROXIES and sends exactly one X-Forwarded-For entry (docs/decisions/0046); the last entry
 * is taken so that `next dev`, where a proxy may append, still reads the nearest hop. X-Real-IP is not
 * read: a client can send it.
 */
export function clientIpFrom(headers: Headers): string | null {
  return headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || null;
}
