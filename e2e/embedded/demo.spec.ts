import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@/prisma/seed/demo-accounts';
import { expectNoAxeViolations, loginAs } from '../fixtures';

// The README's first command: the app on embedded PGlite with the demo data.
test('the demo member consents on the embedded database', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill('A123456780');
  await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
  await page.getByRole('link', { name: 'Rehabilitation: Antrag und Ablauf' }).click();
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();

  // A demo service's "join" stays on this machine: the gateway's stand-in for the call screen (0069).
  // The call opens in a new tab, so that the consultation's page (with its withdrawal) stays open.
  const opened = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Videogespräch beitreten' }).click();
  const call = await opened;
  await expect(call).toHaveURL(/\/demo-video\/kassen-video\/cg-[0-9a-f]+$/);
  await expect(call.getByRole('heading', { level: 1, name: 'Kassen-Video: Videoraum (Platzhalter der Demo)' })).toBeVisible();
  await expect(call.getByText('Demo: Hier öffnet sich kein echter Videodienst.')).toBeVisible();
  await expectNoAxeViolations(call);
  await call.getByRole('button', { name: 'Switch to English' }).click();
  await expect(call.getByRole('heading', { level: 1, name: 'Kassen-Video: video room (demo stand-in)' })).toBeVisible();
  await expectNoAxeViolations(call);
  await call.getByRole('button', { name: 'Auf Deutsch wechseln' }).click();
  await expect(call.getByRole('heading', { level: 1, name: /Platzhalter der Demo/ })).toBeVisible();
});

test('the demo page switches to English and back', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: 'Auf Deutsch wechseln' }).click();
  await expect(page.getByRole('heading', { name: 'Anmelden' })).toBeVisible();
});

test('an employer consents on behalf of the company, not about health data', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill('1234 5671');
  await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('link', { name: 'Beitragsnachweise und Meldeverfahren' }).click();
  await expect(page.getByLabel(/im Namen unseres Betriebs/)).toBeVisible();
  await expect(page.getByText(/Gesundheitsdaten – in diesem/)).toHaveCount(0);
  await expect(page.getByLabel(/Vereinigte Staaten/)).toBeVisible();
});

test("demo staff sign in with the README's demo key; Selin Yılmaz is asked to set one up", async ({ page, browser }) => {
  const schmidt = DEMO_ACCOUNTS.find((a) => a.loginName === 'k.schmidt')!;
  await loginAs(page, 'k.schmidt', DEMO_PASSWORD, { totpSecret: schmidt.totpKey });
  await expect(page).toHaveURL(/\/compliance$/);
  // The demo's 30 days of history (0069): consents in the overview's figures, and the one case still open.
  await expect(page.getByTestId('open-cases').locator('strong')).toHaveText('1');
  const consents = page.locator('.stat', { hasText: 'Einwilligungen in 30 Tagen' }).locator('strong');
  expect(Number(await consents.textContent())).toBeGreaterThan(40);
  const context = await browser.newContext();
  const other = await context.newPage();
  await loginAs(other, 's.yilmaz', DEMO_PASSWORD);
  await expect(other.getByRole('heading', { name: 'Zweiten Faktor einrichten' })).toBeVisible();
  await expect(other.getByRole('button', { name: 'Später einrichten' })).toBeVisible();
  await context.close();
});
