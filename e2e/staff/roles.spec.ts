import { createAccount } from '@/prisma/seed/factories';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

test('an advisor sees consent status of their own consultations and nothing of members', async ({ page, scenario }) => {
  await loginAs(page, scenario.advisor.loginName);
  await expect(page.getByRole('heading', { name: 'Ihre Beratungstermine' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Krankengeld/ })).toContainText('Noch nicht entschieden');
  await expectNoAxeViolations(page);
  expect((await page.goto(`/member/consultations/${scenario.onOwn.id}`))?.status()).toBe(404);
  expect((await page.goto('/compliance'))?.status()).toBe(404);
  // Only members decide: the decision route does not exist for an advisor.
  const decision = await page.request.post(`/api/consultations/${scenario.onOwn.id}/decision`, {
    headers: { origin: new URL(page.url()).origin },
    form: { servedToken: 'x', intent: 'consent', transmission: 'yes' },
  });
  expect(decision.status()).toBe(404);
});

test("a compliance officer sees the chain verified and one consultation's entries", async ({ page, browser, database, scenario, baseURL }) => {
  // The member tries to join without consent: a denied attempt is logged for that consultation.
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await loginAs(memberPage, scenario.member.loginName);
  expect((await memberPage.request.post(`/api/consultations/${scenario.onOwn.id}/join`, { headers: { origin: baseURL! } })).status()).toBe(403);
  await member.close();

  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.${Date.now()}`,
    displayName: 'Prüferin',
    password: 'Test-Passwort-123',
  });
  await loginAs(page, officer.loginName);
  await expect(page.getByTestId('verify-result')).toContainText('Die Kette ist unversehrt');
  await expectNoAxeViolations(page);

  await page.getByLabel('Nur Einträge eines Termins (Termin-ID)').fill(scenario.onOwn.id);
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page.getByRole('heading', { name: `Einträge des Termins ${scenario.onOwn.id}` })).toBeVisible();
  // The log's table (the page also lists violations, which other tests may raise meanwhile).
  const entries = page.getByRole('region', { name: `Einträge des Termins ${scenario.onOwn.id}` }).getByRole('table');
  await expect(entries).toContainText('call.join_denied');
  await expect(entries.getByRole('row')).toHaveCount(2);

  await page.getByLabel('Nur Einträge eines Termins (Termin-ID)').fill('kein-termin');
  await page.getByRole('button', { name: 'Anzeigen' }).click();
  await expect(page.getByText('Das ist keine gültige Termin-ID.')).toBeVisible();
  await expectNoAxeViolations(page);
});
