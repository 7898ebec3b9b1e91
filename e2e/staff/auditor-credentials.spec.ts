import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createAccount } from '@/prisma/seed/factories';
import { LOCALE_COOKIE } from '@/i18n/locales';
import type { TOpenDatabase } from '@/server/db/client';
import { loggedEntries } from '@/tests/logged-entries';
import { TEST_PASSWORD, testSecondFactor } from '@/tests/scenario';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

// Auditor credentials (docs/decisions/0057) as two compliance officers make them in the browser: officer A
// creates one and sees its first part once, officer B activates it and sees the second part once, and the
// two parts together read the log's entry bundles until an officer revokes the credential.

/** Two compliance officers of their own, so that neither can be the other. */
async function officers(database: TOpenDatabase) {
  const stamp = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const officer = (letter: string, displayName: string) =>
    createAccount(database.prisma, {
      kind: 'COMPLIANCE',
      loginName: `auditors.${letter}.${stamp}`,
      displayName,
      password: TEST_PASSWORD,
      secondFactor: testSecondFactor(),
    });
  return { a: await officer('a', 'Anna Anlegerin'), b: await officer('b', 'Bernd Freigeber'), stamp };
}

/** The Berlin day `days` from today, as a date input takes it (YYYY-MM-DD). */
function berlinDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + days * 86_400_000));
}

/** Entries of one event type whose payload names this credential, queued or already in the chain. */
async function loggedFor(database: TOpenDatabase, eventType: string, credentialId: string) {
  return (await loggedEntries(database.prisma, { eventTypes: [eventType], payload: { key: 'credentialId', equals: credentialId } })).length;
}

/** What the app answers an auditor (no session) asking for `path`, with `credential` or without. */
async function asAuditor(baseURL: string, path: string, credential: string | null): Promise<number> {
  const response = await fetch(new URL(path, baseURL), { headers: credential ? { authorization: `Bearer ${credential}` } : {} });
  await response.body?.cancel();
  return response.status;
}
/** The first entry's bundle: every log of the e2e database has it. */
const FIRST_BUNDLE = '/api/log/tile/entries/000.p/1';

/** The credential's form, filled in. */
async function fillForm(page: Page, values: { label: string; from: string; until: string; validUntil: string }, english = false) {
  await page.getByLabel(english ? 'Label' : 'Bezeichnung', { exact: true }).fill(values.label);
  await page.getByLabel(english ? 'Entries from' : 'Einträge ab').fill(values.from);
  await page.getByLabel(english ? 'Entries until' : 'Einträge bis').fill(values.until);
  await page.getByLabel(english ? 'Valid until' : 'Gültig bis', { exact: true }).fill(values.validUntil);
}

test('officer A makes an auditor credential, officer B activates it; the two parts read entry bundles until it is revoked', async ({
  page,
  browser,
  database,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const { a, b, stamp } = await officers(database);
  const label = `Musterprüfung AG ${stamp}`;

  await loginAs(page, a.loginName);
  await page.getByRole('navigation', { name: 'Bereiche der Compliance' }).getByRole('link', { name: 'Prüfzugänge' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prüfzugänge' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Ereignisart, Zeitpunkt, Kennung des Beratungsgesprächs');
  await expectNoAxeViolations(page);

  // Every field's problem at once, each linked to its field; nothing made.
  await page.getByRole('button', { name: 'Prüfzugang anlegen' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Der Prüfzugang wurde nicht angelegt' });
  await expect(summary.getByRole('link')).toHaveText([
    'Bitte geben Sie eine Bezeichnung mit mindestens 3 Zeichen ein.',
    'Bitte geben Sie bei „Einträge ab“ ein gültiges Datum ein.',
    'Bitte geben Sie bei „Einträge bis“ ein gültiges Datum ein.',
    'Bitte geben Sie bei „Gültig bis“ ein gültiges Datum ein.',
  ]);
  await expect(summary.getByRole('link').first()).toHaveAttribute('href', '#label');
  await expectNoAxeViolations(page);
  // A range the wrong way round, and (once the form is otherwise right) a last valid day already past.
  await fillForm(page, { label, from: berlinDay(2), until: berlinDay(1), validUntil: berlinDay(30) });
  await page.getByRole('button', { name: 'Prüfzugang anlegen' }).click();
  await expect(summary).toContainText('„Einträge bis“ darf nicht vor dem ersten Tag der Einträge liegen.');
  await expect(page.getByLabel('Bezeichnung', { exact: true })).toHaveValue(label);
  await fillForm(page, { label, from: '2020-01-01', until: berlinDay(365), validUntil: berlinDay(-1) });
  await page.getByRole('button', { name: 'Prüfzugang anlegen' }).click();
  await expect(summary).toContainText('„Gültig bis“ muss heute oder später sein.');
  expect(await database.prisma.auditorCredential.count({ where: { createdById: a.id } })).toBe(0);

  await fillForm(page, { label, from: '2020-01-01', until: berlinDay(365), validUntil: berlinDay(30) });
  await page.getByRole('button', { name: 'Prüfzugang anlegen' }).click();
  await expect(page.getByRole('status')).toContainText('Er wird nur jetzt angezeigt und nicht noch einmal');
  const firstPart = (await page.getByTestId('auditor-token').textContent())!;
  expect(firstPart).toMatch(/^cga_[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(page);
  const { id } = await database.prisma.auditorCredential.findFirstOrThrow({ where: { createdById: a.id }, select: { id: true } });
  expect(await loggedFor(database, 'compliance.auditor_credential_created', id)).toBe(1);
  // Not yet: one officer alone has opened nothing.
  expect(await asAuditor(baseURL!, FIRST_BUNDLE, `${firstPart}${'A'.repeat(43)}`)).toBe(401);

  await page.getByRole('link', { name: 'Zurück zu den Prüfzugängen' }).click();
  const row = page.getByRole('row', { name: new RegExp(label) });
  await expect(row).toContainText('wartet auf Freigabe durch eine zweite Person aus der Compliance');
  await expect(row).toContainText('von Anna Anlegerin');
  await expect(row).toContainText('vom 1. Januar 2020 bis');
  await expect(page.getByRole('link', { name: `Prüfzugang „${label}“ freigeben` })).toHaveCount(0);
  // Its maker, at the activation's address, is told who activates it.
  await page.goto(`/compliance/auditors/${id}/activate`);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('gibt eine zweite Person aus der Compliance frei');
  await expect(page.getByRole('button', { name: 'Freigeben', exact: true })).toHaveCount(0);

  // Officer B, in a browser of their own, sees what the credential opens before activating it.
  const other = await (await browser.newContext()).newPage();
  await loginAs(other, b.loginName);
  await other.goto('/compliance/auditors');
  await other.getByRole('link', { name: `Prüfzugang „${label}“ freigeben` }).click();
  await expect(other.getByRole('heading', { level: 1, name: `Prüfzugang „${label}“ freigeben` })).toBeVisible();
  await expect(other.getByRole('definition').filter({ hasText: 'vom 1. Januar 2020 bis' })).toBeVisible();
  await expect(other.getByText('Anna Anlegerin hat diesen Zugang angelegt')).toBeVisible();
  await expectNoAxeViolations(other);
  await other.getByRole('button', { name: 'Freigeben', exact: true }).click();
  await expect(other.getByRole('status')).toContainText('ist freigegeben. Hier ist der zweite Teil');
  const secondPart = (await other.getByTestId('auditor-token-second-part').textContent())!;
  expect(secondPart).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expectNoAxeViolations(other);
  // Shown once: the page no longer offers it.
  await other.reload();
  await expect(other.getByRole('status')).toContainText('Sein zweiter Teil wird nicht noch einmal angezeigt.');
  await expect(other.getByTestId('auditor-token-second-part')).toHaveCount(0);
  expect(await loggedFor(database, 'compliance.auditor_credential_activated', id)).toBe(1);

  // The auditor assembles the token: entry bundles open, hash tiles were public all along.
  const token = `${firstPart}${secondPart}`;
  expect(await asAuditor(baseURL!, FIRST_BUNDLE, token)).toBe(200);
  // Kept compressed (0062), sent as the entries' bytes, whatever the client accepts (0045).
  const bundle = await fetch(new URL(FIRST_BUNDLE, baseURL), { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
  expect(bundle.headers.get('content-encoding')).toBeNull();
  const entry = Buffer.from(await bundle.arrayBuffer());
  expect(entry.length, 'one length-prefixed entry').toBe(2 + entry.readUInt16BE(0));
  expect(await asAuditor(baseURL!, FIRST_BUNDLE, null)).toBe(401);
  expect(await asAuditor(baseURL!, '/api/log/tile/0/000.p/1', null)).toBe(200);
  // Nowhere else: the proxy knows the token's kind.
  expect(await asAuditor(baseURL!, '/compliance/auditors', token)).toBe(404);

  await page.goto('/compliance/auditors');
  await expect(row).toContainText('aktiv (freigegeben von Bernd Freigeber)');
  await expect(row).not.toContainText('noch nie');
  await page.getByRole('button', { name: `Prüfzugang „${label}“ widerrufen` }).click();
  await expect(page.getByRole('status')).toContainText('Der Prüfzugang ist widerrufen.');
  await expect(row).toContainText('widerrufen am');
  expect(await asAuditor(baseURL!, FIRST_BUNDLE, token)).toBe(401);
  expect(await loggedFor(database, 'compliance.auditor_credential_revoked', id)).toBe(1);

  // In English, both pages, and the activation of a second credential.
  for (const p of [page, other]) await p.context().addCookies([{ name: LOCALE_COOKIE, value: 'en', url: baseURL! }]);
  await page.goto('/compliance/auditors');
  await expect(page.getByRole('heading', { level: 1, name: 'Auditor credentials' })).toBeVisible();
  await expect(row).toContainText('revoked on');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Create auditor credential' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The auditor credential was not created' })).toContainText(
    'Please enter a valid date for “Valid until”.',
  );
  await expectNoAxeViolations(page);
  const englishLabel = `Example Audit plc ${stamp}`;
  await fillForm(page, { label: englishLabel, from: '2020-01-01', until: berlinDay(0), validUntil: berlinDay(10) }, true);
  await page.getByRole('button', { name: 'Create auditor credential' }).click();
  await expect(page.getByRole('status')).toContainText('It is shown only now, and never again');
  await expectNoAxeViolations(page);
  await other.goto('/compliance/auditors');
  await other.getByRole('link', { name: `Activate auditor credential “${englishLabel}”` }).click();
  await expect(other.getByRole('heading', { level: 1, name: `Activate auditor credential “${englishLabel}”` })).toBeVisible();
  await expectNoAxeViolations(other);
  await other.getByRole('button', { name: 'Activate', exact: true }).click();
  await expect(other.getByRole('status')).toContainText('Here is its second part');
  await expectNoAxeViolations(other);
  await other.context().close();
});

test('an expired credential is not activated; nobody but compliance officers reaches the pages', async ({
  page,
  browser,
  database,
  scenario,
}) => {
  const { a, b, stamp } = await officers(database);
  const label = `Abgelaufene Prüfung ${stamp}`;
  const expired = await database.prisma.auditorCredential.create({
    data: {
      label,
      tokenHash: randomBytes(32).toString('hex'),
      entriesFrom: new Date('2025-01-01T00:00:00Z'),
      entriesUntil: new Date('2025-02-01T00:00:00Z'),
      expiresAt: new Date(Date.now() - 86_400_000),
      createdById: a.id,
    },
    select: { id: true },
  });
  await loginAs(page, b.loginName);
  await page.goto(`/compliance/auditors/${expired.id}/activate`);
  await expect(page.getByRole('status')).toContainText('ist abgelaufen und kann nicht mehr freigegeben werden');
  await expect(page.getByRole('button', { name: 'Freigeben', exact: true })).toHaveCount(0);
  await page.goto('/compliance/auditors');
  await expect(page.getByRole('row', { name: new RegExp(label) })).toContainText('abgelaufen, ohne freigegeben worden zu sein');
  await expectNoAxeViolations(page);

  const advisor = await browser.newContext();
  const advisorPage = await advisor.newPage();
  await loginAs(advisorPage, scenario.advisor.loginName);
  for (const path of ['/compliance/auditors', `/compliance/auditors/${expired.id}/activate`]) {
    expect((await advisorPage.goto(path))?.status(), path).toBe(404);
  }
  await advisor.close();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an auditor credential is made and activated, each part shown in the form’s own answer', async ({ page, browser, database }) => {
    const { a, b, stamp } = await officers(database);
    const label = `Ohne JS Prüfung ${stamp}`;
    await loginAs(page, a.loginName);
    await page.goto('/compliance/auditors');
    await page.getByLabel('Bezeichnung', { exact: true }).fill('AB');
    await page.getByRole('button', { name: 'Prüfzugang anlegen' }).click();
    const summary = page.getByRole('main').getByRole('alert');
    await expect(summary).toContainText('Bitte geben Sie eine Bezeichnung mit mindestens 3 Zeichen ein.');
    await expect(summary).toContainText('Bitte geben Sie bei „Gültig bis“ ein gültiges Datum ein.');
    await fillForm(page, { label, from: '2020-01-01', until: berlinDay(0), validUntil: berlinDay(7) });
    await page.getByRole('button', { name: 'Prüfzugang anlegen' }).click();
    await expect(page.getByTestId('auditor-token')).toHaveText(/^cga_[A-Za-z0-9_-]{43}$/);

    const second = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await loginAs(second, b.loginName);
    await second.goto('/compliance/auditors');
    await second.getByRole('link', { name: `Prüfzugang „${label}“ freigeben` }).click();
    await second.getByRole('button', { name: 'Freigeben', exact: true }).click();
    await expect(second.getByTestId('auditor-token-second-part')).toHaveText(/^[A-Za-z0-9_-]{43}$/);
    await second.context().close();
  });
});
