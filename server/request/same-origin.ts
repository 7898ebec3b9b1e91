import 'server-only';

/** The host the browser addressed: a proxy in front names it in X-Forwarded-Host. */
const addressedHost = (headers: Headers) => headers.get('x-forwarded-host') ?? headers.get('host');

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * CSRF defence for route handlers that change state (Server Actions have their own): a browser
 * names the page's origin on every POST; a request made from another site is refused.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin) return hostOf(origin) === addressedHost(headers);
  const site = headers.get('sec-fetch-site');
  return site === null || site === 'same-origin';
}

/**
 * Whether a GET came from one of the gateway's own pages: a link, a form or the client-side router.
 * Reads that are logged are logged only then (docs/decisions/0052), so another site, a mail or a
 * bookmark cannot add entries to the permanent log; they get a page with a button instead.
 * Browsers send Sec-Fetch-Site to secure origins; without it, the Referer (sent to the same origin
 * only, by our Referrer-Policy) must name this host.
 */
export function cameFromOwnPage(headers: Headers): boolean {
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const referer = headers.get('referer');
  return referer !== null && hostOf(referer) === addressedHost(headers);
}
