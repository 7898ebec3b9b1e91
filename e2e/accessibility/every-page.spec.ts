import type { Page } from '@playwright/test';
import { createAccount } from '@/prisma/seed/factories';
import { LOCALE_COOKIE } from '@/i18n/locales';
import { expect, expectNoAxeViolations, loginAs, nextTotpCode, test } from '../fixtures';
import { TEST_PASSWORD, testSecondFactor } from '@/tests/scenario';

// Every page, in German and in English: it answers 200, axe finds no WCAG 2.2 AA violation, and at
// 320 CSS pixels (what 400 % zoom of a 1280 px window leaves) nothing needs scrolling sideways
// except inside a table's own scroll region (WCAG 1.4.10).

/** Pages whose reading is logged: a typed address first shows the button that asks to confirm (0052). */
const LOGGED_READ = [/^\/member\/consents\/summary$/, /^\/compliance\/consultations\/[0-9a-f-]+$/, /^\/compliance\/log\?member=/];

// With PAGE_SCREENSHOTS=<directory>, every page is also photographed at 1920, 1280 and 320 px, for people
// to look at (not a check; `npm run screenshots` makes the README's three).
const SHOTS = process.env.PAGE_SCREENSHOTS;

async function photograph(page: Page, path: string, width: number) {
  if (!SHOTS) return;
  const language = await page.evaluate(() => document.documentElement.lang);
  const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
  await page.screenshot({ path: `${SHOTS}/${name}.${language}.${width}.png`, fullPage: true });
}

async function checkPage(page: Page, path: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await expectNoAxeViolations(page);
  if (LOGGED_READ.some((p) => p.test(path))) {
    const confirm = page.getByTestId('confirm-logged-read');
    await confirm.getByRole('button').click();
    await expect(confirm).toHaveCount(0);
    // The confirmation loads the page anew: axe on a document still loading found none to read (CI saw it once).
    await page.waitForLoadState('load');
    await expect(page.locator('main h1')).toBeVisible();
    await expectNoAxeViolations(page);
  }
  await photograph(page, path, 1280);
  if (SHOTS) {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await photograph(page, path, 1920);
  }
  await page.setViewportSize({ width: 320, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${path} scrolls sideways at 320 px`).toBeLessThanOrEqual(0);
  await photograph(page, path, 320);
}

/**
 * The time a test may take: a sign-in (with its code step for staff) and, per page, a load, axe and a
 * second width. Sized for a busy shared machine, where one page has taken up to 5 s.
 */
function budgetFor(pages: number): number {
  return 20_000 + pages * (SHOTS ? 25_000 : 10_000);
}

async function inLanguage(page: Page, baseURL: string, language: 'de' | 'en') {
  await page.context().addCookies([{ name: LOCALE_COOKIE, value: language, url: baseURL }]);
}

for (const language of ['de', 'en'] as const) {
  test.describe(`every page in ${language === 'de' ? 'German' : 'English'}`, () => {
    test('public pages', async ({ page, baseURL }) => {
      const paths = ['/login', '/barrierefreiheit', '/datenschutz', '/impressum', '/leichte-sprache', '/receipts/verify'];
      test.setTimeout(budgetFor(paths.length));
      await inLanguage(page, baseURL!, language);
      for (const path of paths) await checkPage(page, path);
    });

    test("a member's pages", async ({ page, baseURL, scenario }) => {
      const paths = [
        '/member',
        `/member/consultations/${scenario.onOwn.id}`,
        `/member/consultations/${scenario.onThirdParty.id}`,
        '/member/consents',
        '/member/consents/summary',
        '/password',
      ];
      test.setTimeout(budgetFor(paths.length + 3)); // its data's confirmation, and a decision with its receipt
      await loginAs(page, scenario.member.loginName);
      await inLanguage(page, baseURL!, language);
      for (const path of paths) await checkPage(page, path);
      // A decision, and its receipt.
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/member/consultations/${scenario.onOwn.id}`);
      await page.locator('input[name="transmission"]').check();
      await page.locator('button[name="intent"][value="consent"]').click();
      const receipt = page.locator('a[href^="/member/receipts/"]').first();
      await expect(receipt).toBeVisible();
      await checkPage(page, (await receipt.getAttribute('href'))!);
    });

    test("an advisor's pages", async ({ page, baseURL, scenario }) => {
      const paths = [
        '/advisor',
        `/advisor/consultations/${scenario.onOwn.id}`,
        '/advisor/consultations/new',
        '/advisor/password-letter',
        '/advisor/password-letter?error=memberNotFound',
        '/advisor/password-letter?requested=new',
        '/account/second-factor',
      ];
      test.setTimeout(budgetFor(paths.length));
      await loginAs(page, scenario.advisor.loginName);
      await inLanguage(page, baseURL!, language);
      for (const path of paths) await checkPage(page, path);
    });

    test("the second factor's pages: setup, recovery codes, the code step", async ({ page, baseURL, database }) => {
      test.setTimeout(budgetFor(4)); // two sign-ins, an enrolment and three pages
      const advisor = await createAccount(database.prisma, {
        kind: 'ADVISOR',
        loginName: `advisor.a11y.tfa.${language}.${Date.now()}`,
        displayName: 'Beratung A11y',
        password: TEST_PASSWORD,
      });
      await loginAs(page, advisor.loginName);
      await inLanguage(page, baseURL!, language);
      await checkPage(page, '/account/second-factor');
      await page.setViewportSize({ width: 1280, height: 900 });
      const key = (await page.getByTestId('totp-key').textContent())!.replace(/\s/g, '');
      await page.locator('main input[name="code"]').fill(await nextTotpCode(advisor.loginName, key));
      await page.locator('main button[type="submit"]').first().click();
      await expect(page.locator('.recovery-codes__list li')).toHaveCount(10);
      await expectNoAxeViolations(page);
      await page.setViewportSize({ width: 320, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      // The code step, reached with the password alone.
      await page.context().clearCookies();
      await inLanguage(page, baseURL!, language);
      await page.goto('/login');
      await page.locator('input[name="identifier"]').fill(advisor.loginName);
      await page.locator('input[name="password"]').fill(TEST_PASSWORD);
      await page.locator('main button[type="submit"]').click();
      await expect(page).toHaveURL(/\/login\/code$/);
      await checkPage(page, '/login/code');
    });

    for (const [part, paths] of [
      [
        'overview and forms',
        (_id: string) => [
          '/admin',
          '/admin?unlockError=notFound',
          '/admin?unlocked=3',
          '/admin/staff/new',
          '/admin/print-credentials',
          '/admin/print-credentials?revoked=1&failed=2',
          '/password',
        ],
      ],
      [
        'an account and the letter',
        (id: string) => [
          `/admin/staff/${id}`,
          `/admin/staff/${id}?error=confirmRequired`,
          `/admin/staff/${id}/deactivate`,
          '/admin/password-letter',
          '/admin/password-letter?error=confirmRequired',
          '/admin/password-letter?requested=again&blocked=1',
        ],
      ],
    ] as const) {
      test(`an administrator's pages: ${part}`, async ({ page, baseURL, database, scenario }) => {
        test.setTimeout(budgetFor(paths(scenario.advisor.id).length));
        const admin = await createAccount(database.prisma, {
          kind: 'ADMIN',
          loginName: `admin.a11y.${language}.${Date.now()}`,
          displayName: 'Verwalterin A11y',
          password: 'Test-Passwort-123',
          secondFactor: testSecondFactor(),
        });
        await loginAs(page, admin.loginName);
        await inLanguage(page, baseURL!, language);
        for (const path of paths(scenario.advisor.id)) await checkPage(page, path);
      });
    }

    test("a compliance officer's pages", async ({ page, baseURL, database, scenario }) => {
      const officer = await createAccount(database.prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.a11y.${language}.${Date.now()}`,
        displayName: 'Prüferin A11y',
        password: 'Test-Passwort-123',
        secondFactor: testSecondFactor(),
      });
      await loginAs(page, officer.loginName);
      await inLanguage(page, baseURL!, language);
      const paths = [
        '/compliance',
        '/compliance/log',
        `/compliance/log?member=${scenario.member.id}`,
        '/compliance/log?from=2026-13-01',
        '/compliance/verify',
        '/compliance/exports',
        '/compliance/violations',
        `/compliance/consultations/${scenario.onOwn.id}`,
        '/compliance/disclosures',
        '/compliance/disclosures/new',
        '/compliance/services',
        '/compliance/services/new',
        '/compliance/auditors',
        '/compliance/auditors?revoked=1',
      ];
      test.setTimeout(budgetFor(paths.length + 2)); // two of them ask to confirm first
      for (const path of paths) await checkPage(page, path);
    });
  });
}
