import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { codeInLetter } from '@/tests/pdf-text';
import { expect, loginAs, test } from '../fixtures';
import { createAdmin } from './admin-helpers';

test.use({ javaScriptEnabled: false });

test('without JavaScript: a joiner is created, a lock lifted and a letter downloaded', async ({ page, database, scenario }) => {
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
  await page.getByLabel('Mir ist bewusst, dass das bisherige Passwort').check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Brief erstellen (PDF)' }).click();
  const code = codeInLetter(await readFile((await (await download).path())!));
  expect(code).toMatch(/^([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}$/);
});
