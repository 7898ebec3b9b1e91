import 'server-only';

/**
 * The client's address as the nearest proxy reports it: the last X-Forwarded-For entry, the one
 * our own TLS-terminating proxy appends. Entries further left come from the client and can be forged.
 */
export function clientIpFrom(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  return forwarded || headers.get('x-real-ip') || null;
}
