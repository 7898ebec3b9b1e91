import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Every page's <title> in the <head> of the first bytes, for every visitor: screen readers announce it
  // on arrival, and without JavaScript nothing would move a streamed title into place (0032).
  htmlLimitedBots: /.*/,
  // Native, WASM or file-reading packages stay outside the bundle and load from node_modules.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'pglite-prisma-adapter',
    '@node-rs/argon2',
    'pg',
    '@prisma/adapter-pg',
    '@prisma/client',
    '@prisma/schema-engine-wasm',
    'pg-copy-streams',
    'pg-cursor',
    // pdfkit and fontkit load their data (font metrics, Unicode tables) at run time: run them as published.
    'pdfkit',
  ],
  experimental: {
    // Consent forms are small; anything larger is refused before it reaches an action.
    serverActions: { bodySizeLimit: '64kb' },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which
          // (rightly) fails the Server Actions origin check; other sites still get no referrer.
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
          // TLS everywhere: browsers ignore this on plain-http localhost, and keep to https elsewhere.
          { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },
        ],
      },
    ];
  },
};

export default withNextIntl(nextConfig);
