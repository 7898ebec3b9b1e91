// The README's three pictures, from the e2e fixtures (`npm run screenshots`, not part of the tests): what
// a member decides on, where an advisor works, what a compliance officer watches. Kept in docs/screenshots.
import type { Page } from '@playwright/test';
import { consentInOwnBrowser, createOfficer, expect, loginAs, test } from '../fixtures';

const OUT = 'docs/screenshots';

async function picture(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: false });
}

test('the README pictures', async ({ page, browser, database, scenario }) => {
  await loginAs(page, scenario.member.loginName);
  await page.goto(`/member/consultations/${scenario.onThirdParty.id}`);
  // The decision itself, with the end of the disclosure above it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('heading', { name: 'Ihre Entscheidung' }).evaluate((h) => {
    h.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -160);
  });
  await picture(page, 'member-consent');

  const { context } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false });
  await context.close();
  const advisor = await browser.newPage();
  await loginAs(advisor, scenario.advisor.loginName);
  await expect(advisor.getByRole('table')).toContainText('Eingewilligt, ohne Aufzeichnung');
  await picture(advisor, 'advisor-dashboard');

  const officer = await createOfficer(database, 'readme', 'Katrin Schmidt');
  const compliance = await browser.newPage();
  await loginAs(compliance, officer.loginName);
  await expect(compliance.getByRole('heading', { level: 1 })).toBeVisible();
  await picture(compliance, 'compliance-overview');
});
