import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${path.resolve('.')}/` },
      // The guard only matters to the Next.js bundler; tests run server modules directly.
      { find: /^server-only$/, replacement: path.resolve('tests/server-only-stub.ts') },
    ],
  },
  test: {
    include: [
      'server/**/*.test.ts',
      'shared/**/*.test.ts',
      'witness/**/*.test.ts',
      'log-follower/**/*.test.ts',
      'scripts/**/*.test.ts',
      'components/**/*.test.ts',
      'i18n/**/*.test.ts',
      'prisma/**/*.test.ts',
      'bench/lib/**/*.test.ts',
      'tests/*.test.ts',
    ],
    environment: 'node',
    // Migrates once per run on each database kind; test databases are copies (tests/database-templates.ts).
    globalSetup: ['tests/database-templates.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.test-reports/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than cores: one on CI's two-core machines. Database tests spend
    // much of their time waiting for PostgreSQL, so two forks keep both cores busy.
    maxWorkers: 2,
    env: {
      AUTH_SECRET: 'test-auth-secret-test-auth-secret-0123456789',
      GATEWAY_SECRET: 'test-gateway-secret-test-gateway-secret-0123',
      JITSI_APP_SECRET: 'test-jitsi-secret-test-jitsi-secret-0123456789',
      // The loopback LiveKit API (tests/livekit-api-server.ts) that server/video/livekit.db.test.ts starts on this port.
      LIVEKIT_API_URL: `http://127.0.0.1:${process.env.VITEST_LIVEKIT_PORT ?? 3291}`,
      LIVEKIT_API_KEY: 'APIgatewaytest',
      LIVEKIT_API_SECRET: 'test-livekit-secret-test-livekit-secret-0123',
      LOG_SIGNING_KEY: 'dGVzdC1sb2ctc2lnbmluZy1rZXktc2VlZC0wMDAwMDA=',
      LOG_ORIGIN: 'test.consent-gateway/consent-log',
      NODE_ENV: 'test',
    },
  },
});
