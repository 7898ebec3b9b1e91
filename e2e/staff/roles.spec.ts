import { createAccount } from '@/prisma/seed/factories';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

test('an advisor sees consent status of their own consultations and nothing of members', async ({ page, scenario }) => {
  await loginAs(page, scenario.advisor.loginName);
  await expect(page.getByRole('heading', { name: 'Ihre Beratungstermine' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Krankengeld/ })).toContainText('Noch nicht entschieden');
  await expectNoAxeViolations(page);
  expect((await page.goto(`/member/consultations/${scenario.onOwn.id}`))?.status()).toBe(404);
  expect((await page.goto('/compliance'))?.status()).toBe(404);
});

test('a compliance officer sees the chain verified', async ({ page, database }) => {
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.${Date.now()}`,
    displayName: 'Prüferin',
    password: 'Test-Passwort-123',
  });
  await loginAs(page, officer.loginName);
  await expect(page.getByTestId('verify-result')).toContainText('Die Kette ist unversehrt');
  await expectNoAxeViolations(page);
});
