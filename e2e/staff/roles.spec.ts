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
