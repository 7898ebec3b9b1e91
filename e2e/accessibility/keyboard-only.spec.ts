import type { Locator, Page } from '@playwright/test';
import { expect, loggedEvents, test } from '../fixtures';
import { TEST_PASSWORD } from '@/tests/scenario';

/**
 * Presses Tab until `target` has the focus, as a keyboard user moves through the page, and checks
 * that the focus is visible there (WCAG 2.4.7). Fails if the element cannot be reached in `limit` steps.
 */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      const style = await target.evaluate((el) => {
        const s = getComputedStyle(el);
        return { outline: s.outlineStyle, shadow: s.boxShadow };
      });
      expect(style.outline !== 'none' || style.shadow !== 'none', 'the focus is visible').toBe(true);
      return;
    }
  }
  throw new Error(`could not reach ${target.toString()} with the Tab key`);
}

test('a member signs in, consents and withdraws with the keyboard alone', async ({ page, scenario, database }) => {
  await page.goto('/login');
  await tabTo(page, page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername'));
  await page.keyboard.type(scenario.member.loginName);
  await tabTo(page, page.getByLabel('Passwort', { exact: true }));
  await page.keyboard.type(TEST_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();

  await tabTo(page, page.getByRole('link', { name: 'Rehabilitation' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Rehabilitation' })).toBeVisible();

  // Nothing is ticked for the member: the choice is theirs, made with the space bar.
  const transmission = page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/);
  await expect(transmission).not.toBeChecked();
  await tabTo(page, transmission);
  await page.keyboard.press('Space');
  await expect(transmission).toBeChecked();
  await tabTo(page, page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: 'Einwilligung widerrufen' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.status[data-status="withdrawn"]')).toBeVisible();
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consent.given', 'consent.withdrawn']);
});
