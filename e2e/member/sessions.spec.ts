import { TEST_PASSWORD } from '@/tests/scenario';
import { tryPassword } from '../admin/admin-helpers';
import { expect, expectNoAxeViolations, loginAs, nextTotpCode, test } from '../fixtures';

test('a wrong password gets one generic message, the same as an unknown account', async ({ page, scenario }) => {
  await page.goto('/login');
  await expectNoAxeViolations(page);
  for (const [identifier, password] of [
    [scenario.member.loginName, 'falsches Passwort'],
    ['A123456780', 'falsches Passwort'],
  ] as const) {
    await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(identifier);
    await page.getByLabel('Passwort', { exact: true }).fill(password);
    await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie Ihre Angaben.',
    );
  }
  await expectNoAxeViolations(page);
});

test('the sign-in page says what to do about a lost password; signed in, the header links to changing it', async ({ page, scenario }) => {
  await page.goto('/login');
  const lost = page.getByRole('heading', { name: 'Passwort vergessen?' });
  await expect(lost).toBeVisible();
  await expect(page.getByText(/Wir schicken Ihnen ein neues Anfangspasswort mit der Post/)).toBeVisible();
  await loginAs(page, scenario.member.loginName);
  await page.getByRole('banner').getByRole('link', { name: 'Passwort ändern' }).click();
  await expect(page.getByRole('heading', { name: 'Passwort ändern', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Bisheriges Passwort')).toBeVisible();
});

test('after sign-out a copied session cookie no longer works', async ({ page, browser, scenario }) => {
  await loginAs(page, scenario.member.loginName);
  const stolen = await page.context().cookies();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByText('Sie haben sich abgemeldet.')).toBeVisible();

  const thief = await browser.newContext();
  await thief.addCookies(stolen);
  const thiefPage = await thief.newPage();
  await thiefPage.goto('/member');
  await expect(thiefPage).toHaveURL(/\/login/);
  await thief.close();
});

test('a first sign-in with the initial password must set a new one, which ends the old session', async ({ page, browser, database }) => {
  const { createAccount } = await import('@/prisma/seed/factories');
  const { randomInsuranceNumber } = await import('@/tests/scenario');
  const account = await createAccount(database.prisma, {
    kind: 'MEMBER',
    loginName: randomInsuranceNumber(),
    displayName: 'Neu Hier',
    password: TEST_PASSWORD,
    mustChangePassword: true,
  });
  await loginAs(page, account.loginName);
  await expect(page.getByRole('heading', { name: 'Eigenes Passwort festlegen' })).toBeVisible();
  const oldCookies = await page.context().cookies();
  await page.goto('/member');
  await expect(page).toHaveURL(/\/password/);

  await page.getByLabel('Bisheriges Passwort').fill(TEST_PASSWORD);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
  await page.getByLabel('Neues Passwort wiederholen').fill('anders');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'Das neue Passwort ist zu kurz: mindestens 12 Zeichen.',
  );
  await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'Die beiden neuen Passwörter stimmen nicht überein.',
  );
  await expectNoAxeViolations(page);

  await page.getByLabel('Bisheriges Passwort').fill(TEST_PASSWORD);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Sonne über dem Deich');
  await page.getByLabel('Neues Passwort wiederholen').fill('Sonne über dem Deich');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();

  const old = await browser.newContext();
  await old.addCookies(oldCookies);
  const oldPage = await old.newPage();
  await oldPage.goto('/member');
  await expect(oldPage).toHaveURL(/\/login/);
  await old.close();
});

test('warns before the idle timeout and lets the member stay signed in', async ({ page, scenario }) => {
  await page.clock.install();
  await loginAs(page, scenario.member.loginName);
  const dialog = page.getByRole('dialog', { name: 'Ihre Sitzung läuft bald ab' });
  await expect(dialog).toBeHidden();
  await page.clock.fastForward('28:30');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Sie werden um');
  await dialog.getByRole('button', { name: 'Angemeldet bleiben' }).click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/member/);
});

test('a device becomes trusted only once a sign-in is complete: not by a wrong password, not by the password step of staff', async ({
  page,
  browser,
  scenario,
}) => {
  const deviceCookie = async (context: import('@playwright/test').BrowserContext) =>
    (await context.cookies()).find((c) => c.name === 'gateway_device');
  await tryPassword(page, scenario.member.loginName, 'falsches Passwort');
  await expect(page.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  expect(await deviceCookie(page.context())).toBeUndefined();
  await loginAs(page, scenario.member.loginName);
  expect(await deviceCookie(page.context())).toBeDefined();

  const staff = await browser.newContext();
  const advisor = await staff.newPage();
  await tryPassword(advisor, scenario.advisor.loginName, TEST_PASSWORD);
  await expect(advisor).toHaveURL(/\/login\/code/);
  expect(await deviceCookie(staff)).toBeUndefined();
  await advisor.getByLabel('Sechsstelliger Code aus der App').fill('000000');
  await advisor.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(advisor.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText('Dieser Code ist nicht richtig');
  // The answer has arrived when the form is empty again.
  await expect(advisor.getByLabel('Sechsstelliger Code aus der App')).toHaveValue('');
  expect(await deviceCookie(staff)).toBeUndefined();
  await advisor.getByLabel('Sechsstelliger Code aus der App').fill(await nextTotpCode(scenario.advisor.loginName));
  await advisor.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(advisor).not.toHaveURL(/\/login/);
  expect(await deviceCookie(staff)).toBeDefined();
  await staff.close();
});

test("changing the password: wrong current passwords are throttled like sign-ins, in the member's language", async ({
  page,
  scenario,
  database,
}) => {
  await loginAs(page, scenario.member.loginName);
  await page.goto('/password');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Bisheriges Passwort').fill(`falsch-${i}`);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('Sonne über dem Deich');
    await page.getByLabel('Neues Passwort wiederholen').fill('Sonne über dem Deich');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    // The answer has arrived when the form is empty again (the message itself stays from the try before).
    await expect(page.getByLabel('Bisheriges Passwort')).toHaveValue('');
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Das bisherige Passwort ist nicht richtig.',
    );
  }
  await expect
    .poll(() => database.prisma.loginFailure.count({ where: { accountId: scenario.member.id, step: 'change_password' } }))
    .toBe(5);
  await page.getByLabel('Bisheriges Passwort').fill(TEST_PASSWORD);
  await page.getByLabel('Neues Passwort', { exact: true }).fill('Sonne über dem Deich');
  await page.getByLabel('Neues Passwort wiederholen').fill('Sonne über dem Deich');
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'Zu viele falsche Versuche mit dem bisherigen Passwort. Bitte warten Sie 15 Minuten',
  );
});
