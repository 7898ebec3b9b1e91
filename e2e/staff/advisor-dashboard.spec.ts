import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

// Where an advisor lives all day: every column in view at 1280 px, compact dates, the area's navigation.
test('the advisor dashboard shows every column at 1280 px without sideways scrolling, in both languages', async ({ page, scenario }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await loginAs(page, scenario.advisor.loginName);
  const nav = page.getByRole('navigation', { name: 'Bereiche der Beratung' });
  await expect(nav.getByRole('link', { name: 'Beratungstermine' })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Passwortbrief' })).toBeVisible();
  for (const language of ['de', 'en']) {
    if (language === 'en') {
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your consultations');
    }
    const table = page.getByRole('table');
    await expect(table.getByRole('columnheader')).toHaveCount(7);
    const region = page.getByRole('region').filter({ has: table });
    expect(await region.evaluate((r) => r.scrollWidth - r.clientWidth)).toBe(0);
    for (const header of await table.getByRole('columnheader').all()) {
      const box = (await header.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
    }
    // A consultation in the coming days: weekday, day, short month and time, the whole date as its title.
    const when = table.locator('tbody time').first();
    await expect(when).toHaveText(
      language === 'de' ? /^(heute|morgen|\w\w\., \d+\. \S+,) \d\d:\d\d$/ : /^(today|tomorrow|\w{3} \d+ \w{3},) \d\d:\d\d$/,
    );
    await expect(when).toHaveAttribute('title', language === 'de' ? /\d{4}, \d\d:\d\d Uhr ME/ : /\d{4}, \d\d:\d\d CES?T/);
    await expectNoAxeViolations(page);
  }
  await page.getByRole('link', { name: 'New consultation' }).first().click();
  await expect(page.getByRole('navigation', { name: 'Advisor sections' }).getByRole('link', { name: 'New consultation' })).toHaveAttribute(
    'aria-current',
    'page',
  );
});

test('status badges show an icon beside their word, and the app has its own icon', async ({ page, scenario }) => {
  await loginAs(page, scenario.advisor.loginName);
  const badge = page.getByRole('table').locator('[data-status="unanswered"]').first();
  await expect(badge).toHaveText('Noch nicht entschieden');
  await expect(badge.locator('svg[aria-hidden="true"]')).toHaveCount(1);
  const icon = page.locator('link[rel="icon"]');
  await expect(icon).toHaveAttribute('type', 'image/svg+xml');
  const served = await page.request.get((await icon.getAttribute('href'))!);
  expect(served.status()).toBe(200);
  expect(served.headers()['content-type']).toContain('image/svg+xml');
});
