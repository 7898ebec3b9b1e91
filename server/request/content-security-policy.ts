import 'server-only';

/**
 * The policy every page is served with: scripts only with this response's nonce (Next puts it on its
 * own scripts when it finds it in the request's policy), nothing from other origins, no framing.
 * Styles may be inline (the charts colour their SVG with style attributes); scripts never are.
 * Forms may post to any https origin: "join" answers with a redirect to the video service, and
 * browsers apply form-action to the redirect too.
 */
export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  return [
    "default-src 'self'",
    // Next's development server evaluates code for hot reloading; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self' https:",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
