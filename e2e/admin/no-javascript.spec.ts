import { randomInt } from 'node:crypto';
import { expect, loginAs, test } from '../fixtures';
import { createAdmin } from './admin-helpers';

test.use({ javaScriptEnabled: false });

test('without JavaScript: a joiner is created, a lock lifted, a letter requested and a print credential made and activated', async ({
  page,
  browser,
  database,
  scenario,
}) => {
  const admin = await createAdmin(database);
  await loginAs(page, admin.loginName);

  await page.goto('/admin/staff/new');
  const login = `ohnejs.${randomInt(1e9).toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill('Olga Ohne');
  await page.getByLabel('Benutzername', { exact: true }).fill(login);
  // Every field's problem at once, in the form's own answer.
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Bitte wählen Sie eine Rolle.');
  await page.getByLabel('Benutzername', { exact: true }).fill(login);
  await page.getByLabel('Name', { exact: true }).fill('Olga Ohne');
  await page.getByLabel('Administration', { exact: true }).check();
  await page.getByRole('button', { name: 'Konto anlegen' }).click();
  await expect(page.getByTestId('initial-password')).toHaveText(/^([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}$/);
  expect((await database.prisma.account.findUniqueOrThrow({ where: { loginName: login } })).kind).toBe('ADMIN');

  await page.goto('/admin');
  await page.getByLabel('Benutzername, Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByRole('button', { name: 'Sperre aufheben' }).click();
  await expect(page.getByRole('status')).toContainText('Die Anmeldesperre ist aufgehoben');

  await page.goto('/admin/password-letter');
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByRole('button', { name: 'Brief anfordern' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Bitte bestätigen Sie');
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByLabel('Ich habe verstanden: Sobald das Drucksystem den Brief abholt').check();
  await page.getByRole('button', { name: 'Brief anfordern' }).click();
  await expect(page.getByRole('status')).toContainText('Der Brief ist angefordert.');
  expect(await database.prisma.passwordLetter.count({ where: { accountId: scenario.member.id } })).toBe(1);

  // The print system's credential, shown once in the form's own answer.
  await page.goto('/admin/print-credentials');
  await page.getByRole('button', { name: 'Zugang anlegen' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Bitte geben Sie eine Bezeichnung');
  await page.getByLabel('Bezeichnung').fill(`Ohne JS ${login}`);
  await page.getByRole('button', { name: 'Zugang anlegen' }).click();
  await expect(page.getByTestId('print-token')).toHaveText(/^cgp_[A-Za-z0-9_-]{43}$/);

  // A second administrator activates it and is shown the second part, also in the form's own answer.
  const second = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await loginAs(second, (await createAdmin(database)).loginName);
  await second.goto('/admin/print-credentials');
  await second.getByRole('link', { name: `Zugang „Ohne JS ${login}“ freigeben` }).click();
  await second.getByRole('button', { name: 'Freigeben' }).click();
  await expect(second.getByTestId('print-token-second-part')).toHaveText(/^[A-Za-z0-9_-]{43}$/);
  await second.context().close();
});
