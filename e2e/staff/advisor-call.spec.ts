import { createAccount } from '@/prisma/seed/factories';
import { raiseOverdueCallEnds } from '@/server/compliance/violations/raise-overdue-stops';
import { TEST_PASSWORD, testSecondFactor } from '@/tests/scenario';
import { consentInOwnBrowser, expect, expectNoAxeViolations, loggedEvents, loginAs, test } from '../fixtures';

test("the advisor starts call and recording only as far as the member's consent allows", async ({
  page,
  browser,
  scenario,
  database,
  baseURL,
}) => {
  await loginAs(page, scenario.advisor.loginName);
  await page.getByRole('link', { name: 'Rehabilitation' }).click();
  await expect(page.getByRole('heading', { name: 'Rehabilitation', level: 1 })).toBeVisible();
  await expect(page.getByText('Das Gespräch darf nicht starten: Die Person hat noch nicht eingewilligt.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Gespräch starten' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  // A forged start before consent is refused on the server and logged.
  const forged = await page.request.post(`/api/advisor/consultations/${scenario.onOwn.id}/start`, {
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
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
  const start = await page.request.post(`/api/advisor/consultations/${scenario.onOwn.id}/start`, {
    headers: { origin: baseURL! },
    maxRedirects: 0,
  });
  expect(start.status()).toBe(404);
  expect((await page.goto('/advisor/consultations/%ZZ'))?.status()).toBe(400);
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual([]);
});

test('a consent given right after a password letter asks the advisor to confirm who the person is', async ({
  page,
  browser,
  scenario,
  database,
}) => {
  // The member's session as the letter flow leaves it (docs/decisions/0042): the column is set here
  // directly, the letter flow itself has specs of its own.
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await loginAs(memberPage, scenario.member.loginName);
  const marked = await database.prisma.$executeRaw`
    UPDATE session SET after_password_letter = 'ADVISOR' WHERE account_id = ${scenario.member.id}::uuid AND revoked_at IS NULL`;
  expect(marked).toBe(1);
  await memberPage.goto(`/member/consultations/${scenario.onOwn.id}`);
  await memberPage.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await memberPage.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(memberPage.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  await member.close();

  await loginAs(page, scenario.advisor.loginName);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  const notice = page.getByTestId('after-password-letter');
  await expect(notice.getByRole('heading', { name: 'Identität im Gespräch bestätigen' })).toBeVisible();
  await expect(notice).toContainText('Diese Einwilligung wurde kurz nach einem Passwortbrief erteilt.');
  await expect(notice).toContainText('Den Brief hatte eine Beraterin oder ein Berater angefordert.');
  await expect(notice).toContainText(
    'Bestätigen Sie zu Beginn des Gesprächs die Identität der Person, wie Sie es am Telefon tun, und fragen Sie, ob sie selbst eingewilligt hat.',
  );
  // Every message was formatted: no ICU syntax left over, no branch for a refusal.
  await expect(notice).not.toContainText('{');
  await expect(notice).not.toContainText('Rückruf');
  await expectNoAxeViolations(page);

  // A consultation without a marked decision shows no notice.
  await page.goto(`/advisor/consultations/${scenario.onThirdParty.id}`);
  await expect(page.getByRole('heading', { name: 'Krankengeld', level: 1 })).toBeVisible();
  await expect(page.getByTestId('after-password-letter')).toHaveCount(0);

  // Compliance filters the explorer on the mark and sees it on the decision in the timeline.
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.letter.${Date.now()}`,
    displayName: 'Prüferin Brief',
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
  const compliance = await browser.newContext();
  const officerPage = await compliance.newPage();
  await loginAs(officerPage, officer.loginName);
  await officerPage.goto(`/compliance/log?consultation=${scenario.onOwn.id}`);
  await officerPage.getByLabel('Nach Passwortbrief').selectOption({ label: 'ja, von der Beratung' });
  await officerPage.getByRole('button', { name: 'Suchen' }).click();
  const results = officerPage.getByTestId('log-results');
  await expect(results.getByRole('row')).toHaveCount(2);
  await expect(results.getByRole('row').nth(1)).toContainText('Einwilligung erteilt');
  await expect(results.getByRole('row').nth(1)).toContainText('Beratung');
  await results.getByRole('link', { name: `Verlauf des Termins ${scenario.onOwn.id}` }).click();
  await expect(officerPage.getByTestId('timeline').getByTestId('after-password-letter')).toHaveText(
    /^Kurz nach einem Passwortbrief entschieden; den Brief hatte eine Beraterin oder ein Berater angefordert\./,
  );
  await compliance.close();
});

test('a member who withdraws during the call: the advisor is told to end it now, confirms it; unconfirmed, it is a case', async ({
  page,
  browser,
  scenario,
  database,
}) => {
  await loginAs(page, scenario.advisor.loginName);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  const { context: member, page: memberPage } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, {
    recording: false,
  });
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  await page.getByLabel(/Ich bestätige: Die Aufzeichnung/).check();
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Gespräch starten' }).click();
  await (await popup).close();
  await page.reload();
  await expect(page.getByTestId('call-phase')).toContainText('Das Gespräch läuft');

  // The member withdraws during the call, and is told what happens now.
  await memberPage.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
  await expect(memberPage.getByRole('status')).toContainText('Ihre Beraterin oder Ihr Berater jetzt aufgefordert, ihn sofort zu beenden');
  await member.close();

  // The advisor's open page follows at once: an instruction, not a badge.
  const alert = page.getByRole('alert').filter({ hasText: 'Beenden Sie den Videoanruf jetzt' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Die Person hat keine Rückrufnummer angegeben.');
  await expect(page.getByTestId('call-phase')).toContainText('Das Gespräch muss jetzt enden');
  await expect(page.getByRole('button', { name: 'Gespräch starten' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await alert.getByRole('button', { name: 'Videoanruf ist beendet' }).click();
  await expect(page.getByText('Das Ende des Videoanrufs ist bestätigt.')).toBeVisible();
  await expect(page.getByTestId('call-phase')).toContainText('Das Gespräch ist beendet');
  await expect(page.getByRole('alert').filter({ hasText: 'Beenden Sie den Videoanruf jetzt' })).toHaveCount(0);
  expect((await loggedEvents(database, scenario.onOwn.id)).slice(-3)).toEqual(['consent.withdrawn', 'call.end_demanded', 'call.ended']);

  // Unconfirmed past its deadline (here: moved into the past), the sweep makes it a case, and the page says so.
  await database.prisma.consultation.update({
    where: { id: scenario.onOwn.id },
    data: { callEndedAt: null, callEndDueAt: new Date(Date.now() - 1000) },
  });
  expect(await raiseOverdueCallEnds(database.prisma)).toBeGreaterThanOrEqual(1);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  await expect(page.getByRole('alert').filter({ hasText: 'als Verstoß erfasst' })).toBeVisible();
  const raised = await database.prisma.violation.findMany({ where: { consultationId: scenario.onOwn.id }, select: { kind: true } });
  expect(raised).toEqual([{ kind: 'CALL_NOT_ENDED' }]);
  expect(await loggedEvents(database, scenario.onOwn.id)).toContain('call.not_ended');
});
