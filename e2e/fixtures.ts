import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, test as base, expect } from '@playwright/test';
import { listLogEntries } from '@/server/audit-log/recent-entries';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import { base32Decode, totpCode, totpStep } from '@/server/auth/second-factor/totp';
import { createAccount } from '@/prisma/seed/factories';
import { TEST_PASSWORD, TEST_TOTP_SECRET, createScenario, createServices, testSecondFactor } from '@/tests/scenario';
import { E2E_DATABASE_URL } from './env';

type TScenario = Awaited<ReturnType<typeof createScenario>>;
type TServices = Awaited<ReturnType<typeof createServices>>;

/** Each test gets its own member, advisor and consultations; each worker its own video services. */
export const test = base.extend<{ scenario: TScenario }, { database: TOpenDatabase; services: TServices }>({
  database: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this destructuring; none here
    async ({}, use) => {
      const database = await openDatabase({ kind: 'postgres', url: E2E_DATABASE_URL });
      await use(database);
      await database.close();
    },
    { scope: 'worker' },
  ],
  services: [async ({ database }, use) => use(await createServices(database.prisma)), { scope: 'worker' }],
  scenario: async ({ database, services }, use) => use(await createScenario(database.prisma, services)),
});

export { expect };

/** The last TOTP step this test process used per sign-in name: the app accepts each step once. */
const lastStepUsed = new Map<string, bigint>();

/**
 * The code an authenticator app would show for `secretBase32`, for a step this process has not used
 * for `loginName` yet: now, or the next one (the app accepts one step ahead); if both are used, waits
 * for the clock to reach a fresh one.
 */
export async function nextTotpCode(loginName: string, secretBase32 = TEST_TOTP_SECRET): Promise<string> {
  const secret = base32Decode(secretBase32)!;
  for (;;) {
    const now = totpStep(Date.now());
    const last = lastStepUsed.get(loginName) ?? -1n;
    const step = last < now ? now : last + 1n;
    if (step <= now + 1n) {
      lastStepUsed.set(loginName, step);
      return totpCode(secret, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Signs in through the form; staff enrolled with `totpSecret` (default: the tests' key) get through the code step too. */
export async function loginAs(page: Page, loginName: string, password = TEST_PASSWORD, options: { totpSecret?: string } = {}) {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(loginName);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  // Past the password step: the code step, or wherever "/" sends this person (never "/" itself).
  await page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/');
  if (new URL(page.url()).pathname === '/login/code') {
    await page.getByLabel('Sechsstelliger Code aus der App').fill(await nextTotpCode(loginName, options.totpSecret));
    await page.getByRole('button', { name: 'Bestätigen' }).click();
  }
  await expect(page).not.toHaveURL(/\/login/);
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * Follows a link to `path` from a page of another site (served by Playwright, never by the network), as
 * from a mail or an attacker's page: the browser sends the request as cross-site.
 */
export async function followLinkFromElsewhere(page: Page, path: string) {
  const target = new URL(path, page.url()).href;
  await page.route('https://elsewhere.example/', (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: `<!doctype html><title>Elsewhere</title><a href="${target}">Open</a>` }),
  );
  await page.goto('https://elsewhere.example/');
  await page.getByRole('link', { name: 'Open' }).click();
  await page.waitForURL(target);
}

/** Event types logged for a consultation (queued or already in the chain), in the order recorded. */
export async function loggedEvents(database: TOpenDatabase, consultationId: string): Promise<string[]> {
  const entries = await listLogEntries(database.prisma, { consultationId }, 1000);
  return entries.reverse().map((e) => e.eventType);
}

/**
 * The member, in a browser of their own, consents to a consultation on the scenario's own service
 * (Kassen-Video), with or without recording; the page stays open for withdrawing later.
 */
export async function consentInOwnBrowser(
  browser: Browser,
  member: { loginName: string },
  consultationId: string,
  choices: { recording: boolean },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, member.loginName);
  await page.goto(`/member/consultations/${consultationId}`);
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  if (choices.recording) await page.getByLabel('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.').check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText(choices.recording ? 'Eingewilligt, mit Aufzeichnung' : 'Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  return { context, page };
}

/** A compliance officer of its own for one test (with the test password and second factor): `tag` keeps its name unique. */
export async function createOfficer(database: TOpenDatabase, tag: string, displayName = 'Prüferin Explorer') {
  return createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.${tag}.${Date.now()}`,
    displayName,
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
}
