import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type Page, test as base, expect } from '@playwright/test';
import { listLogEntries } from '@/server/audit-log/recent-entries';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import { TEST_PASSWORD, createScenario, createServices } from '@/tests/scenario';
import { E2E_DATABASE_URL } from './env';

type TScenario = Awaited<ReturnType<typeof createScenario>>;
type TServices = Awaited<ReturnType<typeof createServices>>;

/** Each test gets its own member, advisor and consultations; each worker its own video services. */
export const test = base.extend<{ scenario: TScenario }, { database: TOpenDatabase; services: TServices }>({
  database: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
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

export async function loginAs(page: Page, loginName: string, password = TEST_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(loginName);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(violations, `axe violations on ${page.url()}`).toEqual([]);
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
