import { expect, loginAs, test } from '../fixtures';
import { TEST_PASSWORD } from '@/tests/scenario';
import { contextFromOwnNetwork, randomNetwork, tryPassword } from '../admin/admin-helpers';

test("strangers' failures hold back their network, not the member on their own device there, who is told of them, nor on a new device elsewhere", async ({
  browser,
  scenario,
}) => {
  // Member and stranger behind one network (say, a shared office connection).
  const shared = randomNetwork();
  const memberContext = await contextFromOwnNetwork(browser, { network: shared });
  const page = await memberContext.newPage();
  // The member signs in once on their own device, and out again.
  await loginAs(page, scenario.member.loginName);
  await expect(page.getByTestId('failed-sign-ins')).toHaveCount(0);
  await page.getByRole('button', { name: 'Abmelden' }).click();

  const stranger = await contextFromOwnNetwork(browser, { network: shared });
  const attacker = await stranger.newPage();
  for (let i = 0; i < 5; i++) {
    await tryPassword(attacker, scenario.member.loginName, `falsch-${i}`);
    await expect(attacker.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  }
  // Now even the right password is refused there, with a message that says why and for how long.
  await tryPassword(attacker, scenario.member.loginName, TEST_PASSWORD);
  await expect(attacker.getByText('Zu viele fehlgeschlagene Anmeldungen').first()).toContainText(
    'Bitte versuchen Sie es in einer Minute erneut.',
  );
  await stranger.close();

  // The member's own device on that network still gets in, and names the five failures and the refusal.
  await tryPassword(page, scenario.member.loginName, TEST_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
  await expect(page.getByTestId('failed-sign-ins')).toContainText(
    /Seit Ihrer letzten Anmeldung am .+ sind 6 Anmeldungen mit Ihrem Namen oder Ihren Codes fehlgeschlagen\./,
  );
  await expect(page.getByTestId('failed-sign-ins').getByRole('link', { name: 'Passwort ändern' })).toHaveAttribute('href', '/password');
  await memberContext.close();

  // So does a device new to the member on another network; nothing failed since the last sign-in.
  const elsewhere = await contextFromOwnNetwork(browser);
  const phone = await elsewhere.newPage();
  await tryPassword(phone, scenario.member.loginName, TEST_PASSWORD);
  await expect(phone.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
  await expect(phone.getByTestId('failed-sign-ins')).toHaveCount(0);
  await elsewhere.close();
});
