import { createAccount } from '@/prisma/seed/factories';
import { TEST_PASSWORD } from '@/tests/scenario';
import { expect, loginAs, nextTotpCode, test } from '../fixtures';

test('screens', async ({ page, database }) => {
  const officer = await createAccount(database.prisma, { kind: 'ADVISOR', loginName: `advisor.shots.${Date.now()}`, displayName: 'Miriam Beispiel', password: TEST_PASSWORD });
  await loginAs(page, officer.loginName);
  for (const w of [1280, 320]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.screenshot({ path: `/tmp/totp-shots/setup-${w}.png`, fullPage: true });
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 15));
    console.log(w, wide);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  const key = (await page.getByTestId('totp-key').textContent())!.replace(/\s/g, '');
  await page.getByLabel('Sechsstelliger Code aus der App').fill(await nextTotpCode(officer.loginName, key));
  await page.getByRole('button', { name: 'Einrichtung bestätigen' }).click();
  await expect(page.locator('.recovery-codes__list li')).toHaveCount(10);
  await page.screenshot({ path: '/tmp/totp-shots/codes-1280.png', fullPage: true });
  await page.goto('/account/second-factor');
  for (const w of [1280, 320]) {
    await page.setViewportSize({ width: w, height: 900 });
    await page.screenshot({ path: `/tmp/totp-shots/manage-${w}.png`, fullPage: true });
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 15));
    console.log('manage', w, wide);
  }
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(officer.loginName);
  await page.getByLabel('Passwort', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/login\/code/);
  await page.getByLabel('Sechsstelliger Code aus der App').fill('111111');
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await expect(page.getByText('Dieser Code ist nicht richtig').first()).toBeVisible();
  await page.screenshot({ path: '/tmp/totp-shots/code-error-1280.png', fullPage: true });
});
