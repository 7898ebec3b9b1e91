import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { provisionAccount } from '@/server/auth/provision-account';
import { TEST_PASSWORD, randomInsuranceNumber, testSecondFactor } from '@/tests/scenario';
import { entriesAbout } from '@/tests/entries-about';
import { codeInLetter, pdfText } from '@/tests/pdf-text';
import type { Browser, Page } from '@playwright/test';
import type { TOpenDatabase } from '@/server/db/client';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';
import { contextFromOwnNetwork, createAdmin, setOwnPassword, tryPassword } from './admin-helpers';
import { claimStatus, runPrintSystem } from './print-system';

// One print system at a time: each run takes every waiting letter, so two at once would take each other's.
test.describe.configure({ mode: 'serial' });

// A code on its own, not four groups inside a longer run of characters and dashes (a UUID has such runs).
const CODE = /(?<![A-Za-z0-9-])([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}(?![A-Za-z0-9-])/;

async function requestLetter(page: Page, number: string) {
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(number);
  await page.getByLabel('Ich habe verstanden: Sobald das Drucksystem den Brief abholt').check();
  await page.getByRole('button', { name: 'Brief anfordern' }).click();
}

/**
 * An administrator makes a print credential in /admin and a second administrator activates it; each is
 * shown one part of the token, as the print system's operators would receive them (split knowledge).
 */
async function printCredentialFromAdmin(
  page: Page,
  label: string,
  second: { browser: Browser; database: TOpenDatabase; baseURL: string },
): Promise<string> {
  await page.getByRole('navigation', { name: 'Bereiche der Administration' }).getByRole('link', { name: 'Drucksystem' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zugänge für das Drucksystem' })).toBeVisible();
  await page.getByLabel('Bezeichnung').fill(label);
  await page.getByRole('button', { name: 'Zugang anlegen' }).click();
  const firstPart = (await page.getByTestId('print-token').textContent())!;
  expect(firstPart).toMatch(/^cgp_[A-Za-z0-9_-]{43}$/);
  // Not yet: one administrator alone has made no way to the codes.
  expect(await claimStatus(second.baseURL, `${firstPart}${'A'.repeat(43)}`)).toBe(401);
  await page.goto('/admin/print-credentials');
  await expect(page.getByRole('region', { name: 'Zugänge' })).toContainText('wartet auf Freigabe durch eine zweite Person');
  await expect(page.getByRole('link', { name: `Zugang „${label}“ freigeben` })).toHaveCount(0);
  const other = await (await second.browser.newContext()).newPage();
  await loginAs(other, (await createAdmin(second.database)).loginName);
  await other.goto('/admin/print-credentials');
  await other.getByRole('link', { name: `Zugang „${label}“ freigeben` }).click();
  await expect(other.getByRole('heading', { level: 1, name: `Zugang „${label}“ freigeben` })).toBeVisible();
  await expectNoAxeViolations(other);
  await other.getByRole('button', { name: 'Freigeben' }).click();
  await expect(other.getByRole('status')).toContainText('ist freigegeben. Hier ist der zweite Teil');
  const secondPart = (await other.getByTestId('print-token-second-part').textContent())!;
  expect(secondPart).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // Shown once: the page no longer offers it.
  await other.reload();
  await expect(other.getByRole('status')).toContainText('Sein zweiter Teil wird nicht noch einmal angezeigt.');
  await expect(other.getByTestId('print-token-second-part')).toHaveCount(0);
  await other.context().close();
  // Now active, the first part with any other second part still fetches nothing; together the two are the credential.
  expect(await claimStatus(second.baseURL, `${firstPart}${'A'.repeat(43)}`)).toBe(401);
  return `${firstPart}${secondPart}`;
}

test("an advisor's attack fails at the first step: the letter goes to the print system, and only the member reads the code", async ({
  page,
  browser,
  database,
  scenario,
  services,
  baseURL,
}) => {
  // The attack: the advisor schedules a consultation for any insurance number he knows, which brings the
  // member into his scope, and asks for a password letter to read the new password from it.
  const victim = await createAccount(database.prisma, {
    kind: 'MEMBER',
    loginName: randomInsuranceNumber(),
    displayName: 'Ayşe Wiśniewska-Yılmaz',
    password: TEST_PASSWORD,
  });
  const consultation = await createConsultation(database.prisma, {
    memberId: victim.id,
    advisorId: scenario.advisor.id,
    videoServiceId: services.own.id,
    topic: 'Untergeschoben',
    startsAt: new Date(Date.now() + 3_600_000),
  });
  await loginAs(page, scenario.advisor.loginName);
  await page.getByRole('navigation', { name: 'Bereiche der Beratung' }).getByRole('link', { name: 'Passwortbrief' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Passwortbrief anfordern' })).toBeVisible();
  let downloads = 0;
  page.on('download', () => downloads++);
  await requestLetter(page, victim.loginName);
  await expect(page.getByRole('status')).toContainText('Der Brief ist angefordert.');
  await expect(page.getByRole('region', { name: 'Letzte Briefe' })).toContainText('Wartet auf den Druck');
  // Nothing for the advisor to read: no file, no code on the page, nothing changed for the member yet.
  expect(downloads).toBe(0);
  expect(await page.locator('body').innerText()).not.toMatch(CODE);
  expect(page.url()).not.toContain(victim.loginName);
  for (const [method, route] of [
    ['POST', '/api/print/v1/letters/claim'],
    ['GET', '/api/print/v1/letters'],
  ] as const) {
    expect((await page.request.fetch(route, { method })).status(), `${method} ${route} with the advisor's session`).toBe(401);
  }
  const memberContext = await contextFromOwnNetwork(browser);
  const member = await memberContext.newPage();
  await loginAs(member, victim.loginName);
  await expect(member.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();

  // The print system, with the credential an administrator made for it, prints the letter.
  const adminPage = await (await browser.newContext()).newPage();
  await loginAs(adminPage, (await createAdmin(database)).loginName);
  const credential = await printCredentialFromAdmin(adminPage, `Druckstraße ${scenario.advisor.loginName}`, {
    browser,
    database,
    baseURL: baseURL!,
  });
  expect(credential).toMatch(/^cgp_[A-Za-z0-9_-]{86}$/);
  const printed = await runPrintSystem(baseURL!, credential);
  expect(printed.code, printed.stderr).toBe(0);
  const letter = printed.letters.find((l) => l.number === victim.loginName);
  expect(letter, printed.stdout).toBeDefined();
  const lines = pdfText(letter!.pdf);
  expect(lines.join('\n')).toContain('Guten Tag Ayşe Wiśniewska-Yılmaz');
  expect(lines).toContain(victim.loginName);
  const code = codeInLetter(letter!.pdf);

  // From the print: the old password and every session are over; the code signs in once and must be replaced.
  await member.goto('/member');
  await expect(member).toHaveURL(/\/login/);
  await tryPassword(member, victim.loginName, TEST_PASSWORD);
  await expect(member.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  await tryPassword(member, victim.loginName, code);
  await setOwnPassword(member, code, 'Leuchtturm im Nebel 7');
  await expect(member.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
  // Her consent in the next hour carries the mark: who had requested the letter.
  await member.goto(`/member/consultations/${consultation.id}`);
  await member.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await member.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(member.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  const decision = await database.prisma.consentDecision.findFirstOrThrow({
    where: { consultationId: consultation.id },
    select: { afterPasswordLetter: true },
  });
  expect(decision.afterPasswordLetter).toBe('ADVISOR');
  const again = await contextFromOwnNetwork(browser);
  const second = await again.newPage();
  await tryPassword(second, victim.loginName, code);
  await expect(second.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  await again.close();
  await memberContext.close();

  // The advisor sees how the letter went, never what it said.
  await page.reload();
  const letters = page.getByRole('region', { name: 'Letzte Briefe' });
  await expect(letters).toContainText('Gedruckt');
  await expect(letters).toContainText('eigenes Passwort festgelegt');
  expect(await page.content()).not.toContain(code);
  const events = (await entriesAbout(database.prisma, victim.id)).map((e) => e.event_type);
  expect(events).toEqual(['auth.password_letter_requested', 'print.letter_handed', 'print.letter_printed']);
  expect(JSON.stringify(await entriesAbout(database.prisma, victim.id))).not.toContain(code);
});

test('a failed letter loses its code and is printed again with a new one; a revoked credential is refused', async ({
  page,
  browser,
  database,
  scenario,
  baseURL,
}) => {
  const admin = await createAdmin(database);
  await loginAs(page, admin.loginName);
  const credential = await printCredentialFromAdmin(page, `Druckstraße ${admin.loginName}`, { browser, database, baseURL: baseURL! });
  await page.goto('/admin/password-letter');
  await requestLetter(page, scenario.member.loginName);
  await expect(page.getByRole('status')).toContainText('Der Brief ist angefordert.');

  // A new member's first letter, queued by the command line's code path, welcomes instead of replacing.
  const newcomer = await provisionAccount(database.prisma, { kind: 'MEMBER', login: randomInsuranceNumber(), name: 'Людмила Кузнецова' });
  if (!newcomer.ok) throw new Error('not provisioned');
  const newcomerNumber = (await database.prisma.account.findUniqueOrThrow({ where: { id: newcomer.accountId } })).loginName;
  // The first letter jams; the gateway voids its code and queues a repeat, printed in the same run.
  const run = await runPrintSystem(baseURL!, credential, { fail: 'printer-error' });
  expect(run.code, run.stderr).toBe(0);
  const mine = run.letters.filter((l) => l.number === scenario.member.loginName).sort((a, b) => a.attempt - b.attempt);
  expect(mine.map((l) => l.attempt)).toEqual([1, 2]);
  const lost = codeInLetter(mine[0]!.pdf);
  const code = codeInLetter(mine[1]!.pdf);
  expect(code).not.toBe(lost);
  expect(pdfText(mine[1]!.pdf).join('\n')).toContain('Ihr neues Anfangspasswort für die Videoberatung');
  const welcome = pdfText(run.letters.find((l) => l.number === newcomerNumber && l.attempt === 2)!.pdf).join('\n');
  expect(welcome).toContain('Ihr Zugang zur Videoberatung');
  expect(welcome).toContain('Guten Tag Людмила Кузнецова');
  await page.reload();
  const letters = page.getByRole('region', { name: 'Letzte Briefe' });
  await expect(letters).toContainText('Fehlgeschlagen');
  await expect(letters).toContainText('Druckfehler');
  await expect(letters).toContainText('2. Versuch');
  const memberContext = await contextFromOwnNetwork(browser);
  const member = await memberContext.newPage();
  await tryPassword(member, scenario.member.loginName, lost);
  await expect(member.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  await tryPassword(member, scenario.member.loginName, code);
  await expect(member.getByRole('heading', { name: 'Eigenes Passwort festlegen' })).toBeVisible();
  await memberContext.close();

  // The administrator revokes the credential: the print system is refused at once.
  await page.goto('/admin/print-credentials');
  await page.getByRole('button', { name: `Zugang „Druckstraße ${admin.loginName}“ widerrufen` }).click();
  await expect(page.getByRole('status')).toContainText('Der Zugang ist widerrufen.');
  const refused = await runPrintSystem(baseURL!, credential);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('refused the credential');
});

test("an advisor requests letters only for members of the advisor's own consultations; only the administrator blocks sign-in", async ({
  page,
  database,
  scenario,
  services,
}) => {
  const stranger = await createAccount(database.prisma, {
    kind: 'MEMBER',
    loginName: randomInsuranceNumber(),
    displayName: 'Fremde Person',
    password: TEST_PASSWORD,
  });
  const otherAdvisor = await createAccount(database.prisma, {
    kind: 'ADVISOR',
    loginName: `andere.${Date.now()}`,
    displayName: 'Andere Beraterin',
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
  await createConsultation(database.prisma, {
    memberId: stranger.id,
    advisorId: otherAdvisor.id,
    videoServiceId: services.own.id,
    topic: 'Fremd',
    startsAt: new Date(Date.now() + 3_600_000),
  });

  await loginAs(page, scenario.advisor.loginName);
  await page.goto('/advisor/password-letter');
  await expect(page.getByLabel('Anmeldung sofort sperren')).toHaveCount(0);
  await requestLetter(page, stranger.loginName);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Es gibt kein Mitglied mit dieser Nummer');
  expect(await database.prisma.passwordLetter.count({ where: { accountId: stranger.id } })).toBe(0);
  // Sent by hand, the advisor's "block" changes nothing.
  const response = await page.request.post('/api/password-letters', {
    form: { member: scenario.member.loginName, language: 'de', confirm: 'yes', block: 'yes' },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  expect((await database.prisma.account.findUniqueOrThrow({ where: { id: scenario.member.id } })).mustChangePassword).toBe(false);
  expect(
    (await entriesAbout(database.prisma, scenario.member.id)).map((e) => [e.event_type, e.payload.by, e.payload.signInBlocked]),
  ).toEqual([['auth.password_letter_requested', 'ADVISOR', false]]);
});

test('everyone else gets 404 for the letter pages and the admin area; the print credential nowhere but the print API', async ({
  page,
  scenario,
}) => {
  await loginAs(page, scenario.member.loginName);
  expect((await page.goto('/admin'))?.status()).toBe(404);
  expect((await page.goto('/advisor/password-letter'))?.status()).toBe(404);
  const response = await page.request.post('/api/password-letters', {
    form: { member: scenario.member.loginName, language: 'de', confirm: 'yes' },
  });
  expect(response.status()).toBe(404);
  const print = { authorization: `Bearer cgp_${'A'.repeat(43)}` };
  expect((await page.request.get('/admin/print-credentials', { headers: print })).status()).toBe(404);
  expect((await page.request.get('/login', { headers: print })).status()).toBe(404);
  expect((await page.request.post('/api/print/v1/letters/claim', { headers: print })).status()).toBe(401);
});
