import { randomInt } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import { createAccount } from '@/prisma/seed/factories';
import { TEST_PASSWORD, testSecondFactor } from '@/tests/scenario';
import { expect, loginAs, test } from '../fixtures';
import { createAdmin } from './admin-helpers';

/** Tab forward until `target` has the focus, and check that the focus is shown (:focus-visible). */
async function focusByTab(page: Page, target: Locator, steps = 60) {
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement && el.matches(':focus-visible'))) return;
  }
  throw new Error(`${target.toString()} not reached by Tab`);
}

test('an administrator changes a role and deactivates an account with the keyboard alone', async ({ page, database }) => {
  const admin = await createAdmin(database);
  const advisor = await createAccount(database.prisma, {
    kind: 'ADVISOR',
    loginName: `tastatur.${randomInt(1e9).toString(36)}`,
    displayName: `Tara Tastatur ${randomInt(1e6)}`,
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
  await loginAs(page, admin.loginName);

  await focusByTab(page, page.getByRole('link', { name: `${advisor.displayName} verwalten` }), 200);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: advisor.displayName })).toBeVisible();

  await focusByTab(page, page.getByLabel('Beratung', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Compliance', { exact: true })).toBeChecked();
  await focusByTab(page, page.getByLabel('Mir ist bewusst, dass alle Sitzungen'));
  await page.keyboard.press('Space');
  await focusByTab(page, page.getByRole('button', { name: 'Rolle ändern' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Die Rolle ist geändert.');

  await focusByTab(page, page.getByRole('link', { name: 'Konto deaktivieren …' }));
  await page.keyboard.press('Enter');
  await focusByTab(page, page.getByRole('button', { name: 'Ja, jetzt deaktivieren' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Das Konto ist deaktiviert.');
  const stored = await database.prisma.account.findUniqueOrThrow({ where: { id: advisor.id } });
  expect([stored.kind, stored.deactivatedAt !== null]).toEqual(['COMPLIANCE', true]);
});
