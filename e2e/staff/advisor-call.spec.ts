import { consentInOwnBrowser, expect, expectNoAxeViolations, loggedEvents, loginAs, test } from '../fixtures';

test("the advisor starts call and recording only as far as the member's consent allows", async ({ page, browser, scenario, database, baseURL }) => {
  await loginAs(page, scenario.advisor.loginName);
  await page.getByRole('link', { name: 'Rehabilitation' }).click();
  await expect(page.getByRole('heading', { name: 'Rehabilitation', level: 1 })).toBeVisible();
  await expect(page.getByText('Das Gespräch darf nicht starten: Die Person hat noch nicht eingewilligt.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gespräch starten' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // A forged start before consent is refused on the server and logged.
  const forged = await page.request.post(`/api/advisor/consultations/${scenario.onOwn.id}/start`, { headers: { origin: baseURL! }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain('Die Person hat noch nicht eingewilligt.');
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['call.start_denied']);

  // The member consents, with recording, in a browser of their own; the advisor's page follows live.
  const { context: member, page: memberPage } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: true });

  await expect(page.getByText('Eingewilligt, mit Aufzeichnung')).toBeVisible();
  await expect(page.getByText('Aufzeichnung: Ja')).toBeVisible();
  const popup = page.waitForEvent('popup');
  const started = page.context().waitForEvent('response', (r) => r.url().endsWith(`/api/advisor/consultations/${scenario.onOwn.id}/start`));
  await page.getByRole('button', { name: 'Gespräch starten' }).click();
  expect((await started).headers().location).toBe(`https://video.kasse.example/${scenario.onOwn.room}`);
  await (await popup).close();

  await page.getByRole('button', { name: 'Aufzeichnung gestartet – eintragen' }).click();
  await expect(page.getByText('Der Start der Aufzeichnung ist eingetragen.')).toBeVisible();
  await expect(page.getByText('Stand: läuft')).toBeVisible();

  // The member withdraws the recording during the call: the advisor's open page demands the stop at once.
  await memberPage.getByRole('button', { name: 'Nur die Aufzeichnung widerrufen' }).click();
  await expect(memberPage.getByText('Eingewilligt, Aufzeichnung widerrufen')).toBeVisible();
  await member.close();
  await expect(page.getByRole('alert').filter({ hasText: 'Aufzeichnung sofort beenden' })).toBeVisible();
  await expect(page.getByText('Eingewilligt, Aufzeichnung widerrufen')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Aufzeichnung beendet – bestätigen' }).click();
  await expect(page.getByText('Das Ende der Aufzeichnung ist bestätigt.')).toBeVisible();
  await expect(page.getByText('Stand: beendet')).toBeVisible();
  await expect(page.getByText('Aufzeichnen ist nicht erlaubt: Die Person hat die Aufzeichnung widerrufen.')).toBeVisible();
  await expect(page.getByRole('table').getByText('Beenden der Aufzeichnung verlangt')).toBeVisible();
  await expectNoAxeViolations(page);

  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual([
    'call.start_denied',
    'consent.given',
    'call.start_allowed',
    'recording.started',
    'consent.recording_withdrawn',
    'recording.stop_demanded',
    'recording.stopped',
  ]);
});

test("an advisor cannot open or act on a colleague's consultation", async ({ page, database, scenario, services, baseURL }) => {
  const { createScenario } = await import('@/tests/scenario');
  const colleague = await createScenario(database.prisma, services);
  await loginAs(page, colleague.advisor.loginName);
  expect((await page.goto(`/advisor/consultations/${scenario.onOwn.id}`))?.status()).toBe(404);
  const start = await page.request.post(`/api/advisor/consultations/${scenario.onOwn.id}/start`, { headers: { origin: baseURL! }, maxRedirects: 0 });
  expect(start.status()).toBe(404);
  expect((await page.goto('/advisor/consultations/%ZZ'))?.status()).toBe(400);
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual([]);
});
