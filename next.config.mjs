import createNextIntlPlugin from 'next-intl/plugin';
import { SECURITY_HEADERS } from './scripts/serve/security-headers.mjs';

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
  // Types are checked by `npm run typecheck` (Next's route types generated first, then tsc over the whole project),
  // which `npm test` runs before it builds; the build's own pass repeated it and took 30 of its 51 s (0079).
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Consent forms are small; anything larger is refused before it reaches an action.
    serverActions: { bodySizeLimit: '64kb' },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: SECURITY_HEADERS,
      },
    ];
  },
};

export default withNextIntl(nextConfig);
