// @ts-check
// The headers every answer carries: Next adds them to its own (next.config.mjs), and the app's server to
// the log tiles it answers before Next (serve.mjs, docs/decisions/0063).

/** @type {{ key: string; value: string }[]} */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which
  // (rightly) fails the Server Actions origin check; other sites still get no referrer.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  // TLS everywhere: browsers ignore this on plain-http localhost, and keep to https elsewhere.
  { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
];
