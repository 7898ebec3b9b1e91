import { expect, loginAs, test } from '../fixtures';

test('pages carry a strict Content-Security-Policy with a fresh nonce, and run without a single violation', async ({ page, scenario }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  const first = await page.goto('/login');
  const policy = first!.headers()['content-security-policy']!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  // Next's own scripts carry the nonce; every script on the page does.
  const scripts = await page.locator('script').evaluateAll((list) => list.map((s) => (s as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  const second = await page.goto('/login');
  expect(second!.headers()['content-security-policy']).not.toBe(policy);

  // The pages that run the most script still work: the consent form's background submit, the live advisor page.
  await loginAs(page, scenario.member.loginName);
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  const advisor = await page.context().browser()!.newContext();
  const advisorPage = await advisor.newPage();
  advisorPage.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await loginAs(advisorPage, scenario.advisor.loginName);
  await advisorPage.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  await expect(advisorPage.getByRole('heading', { name: 'Rehabilitation' })).toBeVisible();
  await advisor.close();
  expect(violations).toEqual([]);
});
