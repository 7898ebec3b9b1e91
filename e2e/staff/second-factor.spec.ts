import type { Page } from '@playwright/test';
import { LOCALE_COOKIE } from '@/i18n/locales';
import { createAccount } from '@/prisma/seed/factories';
import { loggedEntries } from '@/tests/logged-entries';
import { TEST_PASSWORD, testSecondFactor } from '@/tests/scenario';
import { expect, expectNoAxeViolations, loginAs, nextTotpCode, test } from '../fixtures';

// Staff sign in with a second factor (issue 8; docs/decisions/0040): set up at the first sign-in,
// then asked for after the password; recovery codes once each; compliance cannot skip, advisors may
// postpone. Codes are computed here from the key the page shows, as an authenticator app would.

const WRONG_CODE = 'Dieser Code ist nicht richtig oder wurde schon verwendet. Bitte geben Sie den aktuellen Code aus Ihrer App ein.';

async function passwordStep(page: Page, loginName: string) {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(loginName);
  await page.getByLabel('Passwort', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Bestätigungscode eingeben' })).toBeVisible();
  await expect(page).toHaveURL(/\/login\/code$/);
}

async function enterCode(page: Page, code: string) {
  await page.getByLabel('Sechsstelliger Code aus der App').fill(code);
  await page.getByRole('button', { name: 'Bestätigen' }).click();
}

async function enterRecoveryCode(page: Page, code: string) {
  await page.getByText('Kein Zugriff auf die App? Wiederherstellungscode verwenden').click();
  await page.getByLabel('Wiederherstellungscode').fill(code);
  await page.getByRole('button', { name: 'Mit Wiederherstellungscode anmelden' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByText('Sie haben sich abgemeldet.')).toBeVisible();
}

/** On the setup page: the key as shown, a first code from it, and the ten recovery codes that follow. */
async function setUp(page: Page, loginName: string): Promise<{ key: string; codes: string[] }> {
  await expect(page.getByRole('heading', { name: 'Zweiten Faktor einrichten' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR-Code zum Einrichten in der Authenticator-App' })).toBeVisible();
  const key = (await page.getByTestId('totp-key').textContent())!.replace(/\s/g, '');
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Sechsstelliger Code aus der App').fill('000000');
  await page.getByRole('button', { name: 'Einrichtung bestätigen' }).click();
  await expect(page.getByText(WRONG_CODE).first()).toBeVisible();
  await page.getByLabel('Sechsstelliger Code aus der App').fill(await nextTotpCode(loginName, key));
  await page.getByRole('button', { name: 'Einrichtung bestätigen' }).click();
  await expect(page.getByRole('heading', { name: 'Ihre Wiederherstellungscodes' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Wiederherstellungscodes' }).getByRole('listitem')).toHaveCount(10);
  const codes = await page.getByRole('list', { name: 'Wiederherstellungscodes' }).getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  return { key, codes };
}

test('a compliance officer sets up the second factor at the first sign-in and signs in with codes and recovery codes', async ({
  page,
  database,
}) => {
  test.setTimeout(90_000); // seven sign-ins, each an Argon2id verification
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.tfa.${Date.now()}`,
    displayName: 'Prüferin Zwei',
    password: TEST_PASSWORD,
  });
  await loginAs(page, officer.loginName);
  await expect(page).toHaveURL(/\/account\/second-factor$/);
  await expect(page.getByText('Für Ihre Rolle ist der zweite Faktor Pflicht.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Später einrichten' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // Restricted until set up: every page leads back here, and route handlers answer as to nobody.
  await page.goto('/compliance/log');
  await expect(page).toHaveURL(/\/account\/second-factor$/);
  expect((await page.request.get(`/api/compliance/exports/${crypto.randomUUID()}/file`)).status()).toBe(401);

  const { key, codes } = await setUp(page, officer.loginName);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Weiter zum Portal' }).click();
  await expect(page).toHaveURL(/\/compliance$/);
  const stored = await database.prisma.recoveryCode.findMany({ where: { accountId: officer.id } });
  expect(stored).toHaveLength(10);
  expect(stored.map((s) => s.codeHash).join()).not.toContain(codes[0]!.replace(/-/g, ''));

  // Sign in again: the code step, with a wrong code first, then the app's.
  await signOut(page);
  await passwordStep(page, officer.loginName);
  await expectNoAxeViolations(page);
  await expect(page.getByLabel('Sechsstelliger Code aus der App')).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(page.getByLabel('Sechsstelliger Code aus der App')).toHaveAttribute('inputmode', 'numeric');
  // The password step alone opens nothing.
  await page.goto('/compliance');
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/login/code');
  await enterCode(
    page,
    '123 456'.replace(/\d/g, (d) => String((Number(d) + 5) % 10)),
  );
  await expect(page.getByText(WRONG_CODE).first()).toBeVisible();
  const code = await nextTotpCode(officer.loginName, key);
  await enterCode(page, code);
  await expect(page).toHaveURL(/\/compliance$/);

  // The same code again (a replay, within its 90 seconds): refused.
  await signOut(page);
  await passwordStep(page, officer.loginName);
  await enterCode(page, code);
  await expect(page.getByText(WRONG_CODE).first()).toBeVisible();

  // A recovery code works once.
  await enterRecoveryCode(page, codes[3]!.toUpperCase());
  await expect(page).toHaveURL(/\/compliance$/);
  await page.goto('/account/second-factor');
  await expect(page.getByText('Sie haben noch 9 von 10 Wiederherstellungscodes.')).toBeVisible();
  await expectNoAxeViolations(page);
  await signOut(page);
  await passwordStep(page, officer.loginName);
  await enterRecoveryCode(page, codes[3]!);
  await expect(page.getByText('Dieser Wiederherstellungscode ist nicht richtig oder wurde schon verwendet.').first()).toBeVisible();

  const failures = await database.prisma.loginFailure.count({ where: { accountId: officer.id, step: 'second_factor' } });
  expect(failures).toBe(3);
  const personal = await database.prisma.logEntryPersonal.findMany({
    where: { data: { path: ['actorId'], equals: officer.id } },
    select: { queueId: true },
  });
  // Queued or already integrated into the chained log: the queue id orders both.
  const logins = await loggedEntries(database.prisma, {
    eventTypes: ['auth.login', 'auth.recovery_code_used', 'auth.second_factor_enrolled'],
    queueIds: personal.map((p) => p.queueId),
  });
  expect(logins.map((l) => l.event_type)).toEqual([
    'auth.login',
    'auth.second_factor_enrolled',
    'auth.login',
    'auth.recovery_code_used',
    'auth.login',
  ]);
});

test('an advisor may postpone setting up, and renews recovery codes later', async ({ page, database }) => {
  const advisor = await createAccount(database.prisma, {
    kind: 'ADVISOR',
    loginName: `advisor.tfa.${Date.now()}`,
    displayName: 'Beratung Später',
    password: TEST_PASSWORD,
  });
  await loginAs(page, advisor.loginName);
  await expect(page.getByRole('heading', { name: 'Zweiten Faktor einrichten' })).toBeVisible();
  await expect(page.getByText('Sie können die Einrichtung 14 Tage lang verschieben.')).toBeVisible();
  await page.getByRole('button', { name: 'Später einrichten' }).click();
  await expect(page).toHaveURL(/\/advisor$/);
  // The account page still offers setup, and it can be done now.
  await page.getByRole('link', { name: 'Anmeldesicherheit' }).click();
  const { key, codes } = await setUp(page, advisor.loginName);
  await page.goto('/account/second-factor');
  await page.getByLabel('Sechsstelliger Code aus der App').fill(await nextTotpCode(advisor.loginName, key));
  await page.getByRole('button', { name: 'Neue Codes erstellen' }).click();
  await expect(page.getByRole('list', { name: 'Wiederherstellungscodes' }).getByRole('listitem')).toHaveCount(10);
  const renewed = await page.getByRole('list', { name: 'Wiederherstellungscodes' }).getByRole('listitem').allTextContents();
  expect(renewed).toHaveLength(10);
  expect(renewed).not.toContain(codes[0]);
});

test('an enrolled advisor cannot reach any page with the password alone', async ({ page, scenario }) => {
  await passwordStep(page, scenario.advisor.loginName);
  for (const path of ['/advisor', `/advisor/consultations/${scenario.onOwn.id}`, '/account/second-factor']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login$/);
  }
  expect((await page.request.get('/api/advisor/events')).status()).toBe(401);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login\/code$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('setup, recovery codes and the code step work as plain forms, in English too', async ({ page, database, baseURL }) => {
    const officer = await createAccount(database.prisma, {
      kind: 'COMPLIANCE',
      loginName: `officer.tfa.nojs.${Date.now()}`,
      displayName: 'Prüfer ohne JS',
      password: TEST_PASSWORD,
    });
    await loginAs(page, officer.loginName);
    const { key } = await setUp(page, officer.loginName);
    await page.getByRole('link', { name: 'Weiter zum Portal' }).click();
    await expect(page).toHaveURL(/\/compliance$/);
    await signOut(page);

    await page.context().addCookies([{ name: LOCALE_COOKIE, value: 'en', url: baseURL! }]);
    await page.goto('/login');
    await page.locator('input[name="identifier"]').fill(officer.loginName);
    await page.locator('input[name="password"]').fill(TEST_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Enter your verification code' })).toBeVisible();
    await page.getByLabel('Six-digit code from the app').fill('000000');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByText('This code is not right or has been used already.').first()).toBeVisible();
    await page.getByLabel('Six-digit code from the app').fill(await nextTotpCode(officer.loginName, key));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page).toHaveURL(/\/compliance$/);
  });
});

test('staff enrolled by the test setup sign in through loginAs twice in a row (replay protection spares the next step)', async ({
  browser,
  database,
}) => {
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.tfa.twice.${Date.now()}`,
    displayName: 'Prüfer Zweimal',
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await loginAs(page, officer.loginName);
    await expect(page).toHaveURL(/\/compliance$/);
    await context.close();
  }
});
