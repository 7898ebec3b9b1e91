import { expect, expectNoAxeViolations, loggedEvents, test } from '../fixtures';
import { TEST_PASSWORD } from '@/tests/scenario';

test('a member chooses English and goes through the whole flow in it; the consent records the language', async ({
  page,
  scenario,
  database,
}) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Insurance number, company number or user name').fill(scenario.member.loginName);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();

  await page.getByRole('link', { name: 'Rehabilitation' }).click();
  await expect(page.getByRole('heading', { name: "Video consultation over the insurer's own video service" })).toBeVisible();
  await expectNoAxeViolations(page);
  // An empty submit is answered in English too.
  await page.getByRole('button', { name: 'Consent and have a video consultation' }).click();
  await expect(page.getByText('Please tick the consent box – or choose the phone consultation.').first()).toBeVisible();
  await page.getByLabel(/being transmitted over Kassen-Video in this consultation/).check();
  await page.getByRole('button', { name: 'Consent and have a video consultation' }).click();
  await expect(page.getByText('Consented, no recording')).toBeVisible();
  await page.getByRole('button', { name: 'Withdraw consent' }).click();
  await expect(page.getByText('Your withdrawal has been saved.')).toBeVisible();

  const decision = await database.prisma.consentDecision.findFirstOrThrow({
    where: { consultationId: scenario.onOwn.id },
    select: { language: true },
  });
  expect(decision.language).toBe('en');
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consent.given', 'consent.withdrawn']);
  // The language is remembered: a new page in the same browser is in English.
  await page.goto('/datenschutz');
  await expect(page.getByRole('heading', { name: 'Privacy notice for the consent gateway' })).toBeVisible();
});
