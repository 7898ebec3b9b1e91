import { expect, loggedEvents, loginAs, test } from '../fixtures';

test.use({ javaScriptEnabled: false });

test('the whole consent flow works without JavaScript', async ({ page, scenario, database }) => {
  await loginAs(page, scenario.member.loginName);
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);

  // A submit with nothing ticked comes back from the server with the message, nothing saved.
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Bitte setzen Sie das Häkchen zur Einwilligung').first()).toBeVisible();
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual([]);

  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByLabel('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.').check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, mit Aufzeichnung')).toBeVisible();

  await page.getByRole('button', { name: 'Nur die Aufzeichnung widerrufen' }).click();
  await expect(page.getByText('Eingewilligt, Aufzeichnung widerrufen')).toBeVisible();
  await page.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
  await expect(page.locator('.status[data-status="withdrawn"]')).toBeVisible();

  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consent.given', 'consent.recording_withdrawn', 'consent.withdrawn']);
});

test('signing in with a mistyped insurance number says so, without JavaScript', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill('A123456781');
  await page.getByLabel('Passwort', { exact: true }).fill('irgendwas');
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByText('Diese Versichertennummer ist nicht gültig.').first()).toBeVisible();
});
