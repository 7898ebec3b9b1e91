import { defineConfig, devices } from '@playwright/test';

// Two servers from one build: the PostgreSQL server (most specs; fixtures write their own data)
// and the embedded default on PGlite with the demo data (the README's first command, smoke-tested).
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  AUTH_SECRET,
  E2E_DATABASE_URL,
  E2E_GATEWAY_SECRET,
  E2E_LIVEKIT,
  E2E_LOG_SIGNING_KEY,
  E2E_LOG_VKEY,
  E2E_WITNESSES,
  E2E_WITNESS_POLICY_FILE,
} from './e2e/env';
import { privateKeyFromSeed, rawPublicKey } from './shared/transparency/ed25519-keys';
import { SIGNATURE_TYPE, formatVkey } from './shared/transparency/signed-note';
import { policyText } from './tests/witnesses';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './tests/chromium';
// E2E_PORT moves both servers (and the fake LiveKit, e2e/env.ts), so two checkouts can run e2e side by side.
const PG_PORT = Number(process.env.E2E_PORT ?? 3211);
const EMBEDDED_PORT = PG_PORT + 1;

const EMBEDDED_DIR = process.env.E2E_PGLITE_DIR ?? '.e2e/pglite';

const serverEnv = {
  NODE_OPTIONS: '',
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  // Graceful shutdown by the app itself (docs/decisions/0034), as `npm start` runs it.
  NEXT_MANUAL_SIG_HANDLE: 'true',
  AUTH_SECRET,
  GATEWAY_SECRET: E2E_GATEWAY_SECRET,
  LOG_SIGNING_KEY: E2E_LOG_SIGNING_KEY,
  LOG_ORIGIN: 'e2e.consent-gateway/consent-log',
};

const chromiumLaunch = { executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS };

// The PostgreSQL app's witnesses: two processes (quorum 2) with fixed keys, named in the policy file it reads.
const witnessVkey = (w: (typeof E2E_WITNESSES)[number]) =>
  formatVkey(w.name, SIGNATURE_TYPE.cosignatureV1, rawPublicKey(privateKeyFromSeed(Buffer.from(w.seed, 'base64'))));
mkdirSync('.e2e', { recursive: true });
writeFileSync(
  E2E_WITNESS_POLICY_FILE,
  policyText(
    E2E_LOG_VKEY,
    E2E_WITNESSES.map((w) => ({ vkey: witnessVkey(w), url: `http://127.0.0.1:${w.port}` })),
  ),
);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: '.test-reports/playwright.json' }]],
  // Sized for a busy, shared two-core machine (docs/decisions/0043): the longest flows take about 25 s
  // on an idle one and have run 1.6 times as long on a loaded one. A hang still fails within the minute
  // and a half; tests with more work set their own budget.
  timeout: 90_000,
  expect: { timeout: 15_000 },
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: chromiumLaunch,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    // A failed test keeps a screenshot of the end and its page's accessibility tree (error-context.md). No
    // trace: it is recorded for every test, passing or not, and cost 6-9 % of the test time even without a
    // screencast (0050, 0080). To see each step of a failure: `npm run test:e2e -- --trace retain-on-failure`.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'postgres', testIgnore: ['embedded/**', 'screenshots/**'], use: { baseURL: `http://localhost:${PG_PORT}` } },
    { name: 'embedded', testMatch: 'embedded/**', use: { baseURL: `http://localhost:${EMBEDDED_PORT}` } },
    // The README's pictures (`npm run screenshots`): not a test, so only when asked for.
    ...(process.env.SCREENSHOTS === '1'
      ? [{ name: 'screenshots', testMatch: 'screenshots/**', use: { baseURL: `http://localhost:${PG_PORT}` } }]
      : []),
  ],
  webServer: [
    // Each witness starts from nothing, like the database: its first cosignature is from "old 0".
    ...E2E_WITNESSES.map((w) => ({
      command: `rm -rf ${w.dataDir} && node --import tsx witness/main.ts --data-dir ${w.dataDir} --name ${w.name} --log ${E2E_LOG_VKEY} --port ${w.port}`,
      url: `http://127.0.0.1:${w.port}/`,
      env: { NODE_OPTIONS: '', WITNESS_SIGNING_KEY: w.seed },
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    })),
    {
      command: `npm run -s db:create -- --fresh && npm run -s db:migrate && node scripts/serve.mjs --port ${PG_PORT}`,
      url: `http://localhost:${PG_PORT}/login`,
      env: {
        ...serverEnv,
        DATABASE_URL: E2E_DATABASE_URL,
        // The public origin: letters print its sign-in address (the print API refuses to make one without it).
        AUTH_URL: `http://localhost:${PG_PORT}`,
        // The test browser plays the balancer: a spec may say which network a request comes from (0046).
        TRUSTED_PROXIES: '127.0.0.1, ::1',
        LIVEKIT_API_URL: `http://127.0.0.1:${E2E_LIVEKIT.port}`,
        LIVEKIT_API_KEY: E2E_LIVEKIT.key,
        LIVEKIT_API_SECRET: E2E_LIVEKIT.secret,
        WITNESS_POLICY_FILE: E2E_WITNESS_POLICY_FILE,
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The seed as `npm run demo` runs it, outside production: its clock refuses production (0069).
      command: `rm -rf ${EMBEDDED_DIR} ${EMBEDDED_DIR}.lock && npm run -s db:migrate && env -u NODE_ENV npm run -s db:seed && node scripts/serve.mjs --port ${EMBEDDED_PORT}`,
      url: `http://localhost:${EMBEDDED_PORT}/login`,
      env: { ...serverEnv, DATABASE_URL: '', PGLITE_DATA_DIR: EMBEDDED_DIR, AUTH_URL: `http://localhost:${EMBEDDED_PORT}` },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
