import { consentInOwnBrowser, expect, expectNoAxeViolations, loggedEvents, loginAs, test } from '../fixtures';
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

test('a decision made in German reads as English on English pages; what was shown in German is marked as German', async ({
  browser,
  page,
  scenario,
}) => {
  const { context } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false });
  await context.close();
  await loginAs(page, scenario.member.loginName);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  // The switch reloads the page in English; a link followed before that would open the German page.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your appointments');
  await page.getByRole('link', { name: 'Rehabilitation' }).click();
  // The topic is the advisor's German: marked as such in the heading, and left out of the English title.
  await expect(page.getByRole('heading', { level: 1 }).locator('span[lang="de"]')).toHaveText('Rehabilitation');
  await expect(page).toHaveTitle(/^Appointment on \w+day, \d+ \w+ \d{4} – /);
  await page.getByRole('link', { name: 'Receipt', exact: true }).click();
  await expect(page.getByTestId('receipt-language-note')).toContainText('You decided in German.');
  const main = page.getByRole('main');
  // The file's own texts (written in German) shown in English: how the consent was collected.
  await expect(main).toContainText('Web form of the consultation portal');
  // No German paragraph without its language: the statements agreed to stay as shown, marked as German.
  const statement = page.getByRole('row', { name: /Transmission in the video call/ });
  await expect(statement).toContainText('As it was shown to you, in German:');
  await expect(statement.locator('span[lang="de"]')).toContainText('Ich willige ausdrücklich ein');
  // How anyone checks it: in plain words, with the verify page and the published keys, no command.
  await expect(main.getByRole('link', { name: '“Check a receipt”' })).toHaveAttribute('href', '/receipts/verify');
  await expect(main.getByRole('link', { name: 'published keys' })).toHaveAttribute('href', '/.well-known/consent-log-keys');
  await expect(main).not.toContainText('npm run');
  await expectNoAxeViolations(page);
});
