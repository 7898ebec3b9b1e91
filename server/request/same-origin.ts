import 'server-only';

/**
 * CSRF defence for route handlers that change state (Server Actions have their own): a browser
 * names the page's origin on every POST; a request made from another site is refused.
 */
export function isSameOrigin(headers: Headers): boolean {
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  const origin = headers.get('origin');
  if (origin) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  const site = headers.get('sec-fetch-site');
  return site === null || site === 'same-origin';
}
