import { expect, expectNoAxeViolations, loggedEvents, loginAs, test } from '../fixtures';

const tomorrowInBerlin = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(Date.now() + 24 * 60 * 60 * 1000);

test('an advisor schedules a consultation; the member sees it and cancels it; the advisor sees that live', async ({
  page,
  browser,
  scenario,
  database,
}) => {
  await loginAs(page, scenario.advisor.loginName);
  await page.getByRole('link', { name: 'Neuen Termin anlegen' }).click();
  await expect(page.getByRole('heading', { name: 'Neuen Termin anlegen' })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill('A123456781');
  await page.getByLabel('Thema').fill('Wohngeld');
  await page.getByLabel('Datum').fill(tomorrowInBerlin());
  await page.getByLabel('Uhrzeit (Berlin)').fill('10:30');
  await page.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'Bitte geben Sie eine gültige Versichertennummer',
  );
  await expect(page.getByLabel('Thema')).toHaveValue('Wohngeld');
  await expectNoAxeViolations(page);

  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByLabel('Videodienst').selectOption({ label: 'Kassen-Video' });
  await page.getByRole('button', { name: 'Termin anlegen' }).click();
  await expect(page.getByText('Der Termin ist angelegt.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Wohngeld', level: 1 })).toBeVisible();
  const consultationId = page.url().split('/advisor/consultations/')[1]!.split('?')[0]!;
  await expect(page.getByText('10:30 Uhr')).toBeVisible();

  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await loginAs(memberPage, scenario.member.loginName);
  await memberPage.getByRole('link', { name: 'Wohngeld' }).click();
  await memberPage.getByText('Termin absagen').click();
  await memberPage.getByRole('button', { name: 'Termin jetzt absagen' }).click();
  await expect(memberPage.getByText('Dieser Termin wurde abgesagt.')).toBeVisible();
  await expect(memberPage.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' })).toHaveCount(0);
  await member.close();

  // The advisor's page, still open, follows.
  await expect(page.getByText('Dieser Termin wurde abgesagt.')).toBeVisible();
  await expect(page.getByText('Das Gespräch darf nicht starten: Der Termin wurde abgesagt.')).toBeVisible();
  expect(await loggedEvents(database, consultationId)).toEqual(['consultation.scheduled', 'consultation.cancelled']);
  await page.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
  await expect(page.getByRole('link', { name: 'Wohngeld' })).toHaveCount(0);
});

test('an advisor hands a consultation to a colleague, whose open list shows it; the member sees who will call', async ({
  page,
  browser,
  scenario,
  services,
  database,
}) => {
  const { createScenario } = await import('@/tests/scenario');
  const colleague = await createScenario(database.prisma, services);
  const colleagueContext = await browser.newContext();
  const colleaguePage = await colleagueContext.newPage();
  await loginAs(colleaguePage, colleague.advisor.loginName);
  await expect(colleaguePage.getByRole('heading', { name: 'Ihre Beratungstermine' })).toBeVisible();
  await expect(colleaguePage.getByRole('link', { name: 'Rehabilitation' })).toHaveCount(1); // the colleague's own

  await loginAs(page, scenario.advisor.loginName);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  await page.getByText('An Kollegin oder Kollegen übergeben').click();
  await page.getByLabel('Übergeben an').selectOption({ value: colleague.advisor.id });
  await page.getByRole('button', { name: 'Termin übergeben' }).click();
  await expect(page.getByText('Der Termin ist übergeben.')).toBeVisible();
  await expectNoAxeViolations(page);
  expect((await page.goto(`/advisor/consultations/${scenario.onOwn.id}`))?.status()).toBe(404);

  // The colleague's list, open all along, now has it too.
  await expect(colleaguePage.getByRole('link', { name: 'Rehabilitation' })).toHaveCount(2);
  await colleagueContext.close();
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consultation.handed_over']);
  const member = await database.prisma.consultation.findUniqueOrThrow({
    where: { id: scenario.onOwn.id },
    select: { advisor: { select: { displayName: true } } },
  });
  expect(member.advisor.displayName).toBe(colleague.advisor.displayName);
});

test('an advisor moves a consultation to another day, time and video service; a bad time is named', async ({
  page,
  scenario,
  database,
}) => {
  await loginAs(page, scenario.advisor.loginName);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  await page.getByText('Termin ändern').click();
  await expect(page.getByLabel('Thema')).toHaveValue('Rehabilitation');
  await page.getByLabel('Uhrzeit (Berlin)').fill('');
  await page.getByRole('button', { name: 'Änderungen speichern' }).click();
  await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'gültiges Datum und eine gültige Uhrzeit',
  );
  await page.getByLabel('Datum').fill(tomorrowInBerlin());
  await page.getByLabel('Uhrzeit (Berlin)').fill('11:15');
  await page.getByLabel('Videodienst').selectOption({ value: scenario.services.thirdParty.id });
  await page.getByRole('button', { name: 'Änderungen speichern' }).click();
  await expect(page.getByText('Der Termin ist geändert.')).toBeVisible();
  await expect(page.getByText('11:15 Uhr')).toBeVisible();
  await expectNoAxeViolations(page);
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consultation.rescheduled']);
  const changed = await database.prisma.consultation.findUniqueOrThrow({
    where: { id: scenario.onOwn.id },
    select: { videoServiceId: true },
  });
  expect(changed.videoServiceId).toBe(scenario.services.thirdParty.id);
});
