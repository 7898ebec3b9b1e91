import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { TEST_PASSWORD, randomInsuranceNumber, testSecondFactor } from '@/tests/scenario';
import { entriesAbout } from '@/tests/entries-about';
import { codeInLetter, pdfText } from '@/tests/pdf-text';
import { expect, loginAs, test } from '../fixtures';
import { contextFromOwnNetwork, createAdmin, setOwnPassword, tryPassword } from './admin-helpers';

async function requestLetter(page: Page, number: string): Promise<Buffer> {
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(number);
  await page.getByLabel('Mir ist bewusst, dass das bisherige Passwort').check();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Brief erstellen (PDF)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^password-letter-\d{4}-\d{2}-\d{2}\.pdf$/);
  return readFile((await file.path())!);
}

test("the administrator's letter: the old password and sessions end, the code from the PDF signs in once and must be changed", async ({ page, browser, database, scenario }) => {
  const admin = await createAdmin(database);
  const memberContext = await contextFromOwnNetwork(browser);
  const member = await memberContext.newPage();
  await loginAs(member, scenario.member.loginName);

  await loginAs(page, admin.loginName);
  await page.getByRole('navigation', { name: 'Bereiche der Administration' }).getByRole('link', { name: 'Passwortbrief' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Neues Anfangspasswort per Brief' })).toBeVisible();
  // Without the confirmation nothing happens.
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByRole('button', { name: 'Brief erstellen (PDF)' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Bitte bestätigen Sie, dass das bisherige Passwort ungültig wird.');
  expect(page.url()).not.toContain(scenario.member.loginName);

  const pdf = await requestLetter(page, scenario.member.loginName);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const code = codeInLetter(pdf);
  const text = pdfText(pdf);
  expect(text).toContain(scenario.member.displayName);
  expect(text).toContain(scenario.member.loginName);
  expect(text.join(' ')).toContain('Ihr neues Anfangspasswort für die Videoberatung');
  // The code is nowhere but in the PDF.
  expect(await page.content()).not.toContain(code);
  expect(JSON.stringify(await entriesAbout(database.prisma, scenario.member.id))).not.toContain(code);

  // The member's open session is over; the old password fails; the code signs in and must be replaced.
  await member.goto('/member');
  await expect(member).toHaveURL(/\/login/);
  await tryPassword(member, scenario.member.loginName, TEST_PASSWORD);
  await expect(member.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  await tryPassword(member, scenario.member.loginName, code);
  await setOwnPassword(member, code, 'Leuchtturm im Nebel 7');
  await expect(member.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
  await memberContext.close();

  expect((await entriesAbout(database.prisma, scenario.member.id)).map((e) => [e.event_type, e.personal.actorId])).toEqual([['auth.password_letter_issued', admin.id]]);
});

test("an advisor sends the letter only to members of the advisor's own consultations", async ({ page, database, scenario, services }) => {
  const stranger = await createAccount(database.prisma, { kind: 'MEMBER', loginName: randomInsuranceNumber(), displayName: 'Fremde Person', password: TEST_PASSWORD });
  const otherAdvisor = await createAccount(database.prisma, { kind: 'ADVISOR', loginName: `andere.${Date.now()}`, displayName: 'Andere Beraterin', password: TEST_PASSWORD, secondFactor: testSecondFactor() });
  await createConsultation(database.prisma, { memberId: stranger.id, advisorId: otherAdvisor.id, videoServiceId: services.own.id, topic: 'Fremd', startsAt: new Date(Date.now() + 3_600_000) });

  await loginAs(page, scenario.advisor.loginName);
  await page.getByRole('link', { name: 'Neues Anfangspasswort per Brief' }).click();
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(stranger.loginName);
  await page.getByLabel('Mir ist bewusst, dass das bisherige Passwort').check();
  await page.getByRole('button', { name: 'Brief erstellen (PDF)' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Zu dieser Nummer gibt es kein Mitglied');
  const strangerRow = await database.prisma.account.findUniqueOrThrow({ where: { id: stranger.id } });
  expect(strangerRow.mustChangePassword).toBe(false);

  const pdf = await requestLetter(page, scenario.member.loginName);
  expect(pdfText(pdf)).toContain(scenario.member.displayName);
  expect((await entriesAbout(database.prisma, scenario.member.id)).map((e) => [e.event_type, e.payload.by])).toEqual([['auth.password_letter_issued', 'ADVISOR']]);
});

test('everyone else gets 404 for the letter route and the admin area', async ({ page, scenario }) => {
  await loginAs(page, scenario.member.loginName);
  expect((await page.goto('/admin'))?.status()).toBe(404);
  expect((await page.goto('/advisor/password-letter'))?.status()).toBe(404);
  const response = await page.request.post('/api/password-letters', { form: { member: scenario.member.loginName, language: 'de', confirm: 'yes' } });
  expect(response.status()).toBe(404);
});
