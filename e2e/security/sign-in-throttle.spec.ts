import { expect, loginAs, test } from '../fixtures';
import { TEST_PASSWORD } from '@/tests/scenario';
import { tryPassword } from '../admin/admin-helpers';


test("strangers' failures throttle a name, but not the member on a device they signed in on before", async ({ page, browser, scenario }) => {
  // The member signs in once on their own device, and out again.
  await loginAs(page, scenario.member.loginName);
  await page.getByRole('button', { name: 'Abmelden' }).click();

  const stranger = await browser.newContext();
  const attacker = await stranger.newPage();
  for (let i = 0; i < 5; i++) {
    await tryPassword(attacker, scenario.member.loginName, `falsch-${i}`);
    await expect(attacker.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  }
  // Now even the right password is refused there, with a message that says why and for how long.
  await tryPassword(attacker, scenario.member.loginName, TEST_PASSWORD);
  await expect(attacker.getByText('Zu viele fehlgeschlagene Anmeldungen').first()).toBeVisible();
  await stranger.close();

  // The member's own device still gets in.
  await tryPassword(page, scenario.member.loginName, TEST_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
});
