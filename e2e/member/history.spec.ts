import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { TOpenDatabase } from '@/server/db/client';
import type { TMemberDataExport } from '@/server/member-data/export-format';
import { loggedEntries } from '@/tests/logged-entries';
import { expect, expectNoAxeViolations, followLinkFromElsewhere, loggedEvents, loginAs, test } from '../fixtures';

/** Queue ids of a consultation's entries of one event type, queued or already in the chain, in order. */
async function queueIds(database: TOpenDatabase, consultationId: string, eventType: string): Promise<string[]> {
  return (await loggedEntries(database.prisma, { consultationId, eventTypes: [eventType] })).map((e) => String(e.queue_id));
}

async function consentOnOwnService(page: Page, consultationId: string, recording: boolean) {
  await page.goto(`/member/consultations/${consultationId}`);
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  if (recording) await page.getByLabel('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.').check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText(recording ? 'Eingewilligt, mit Aufzeichnung' : 'Eingewilligt, ohne Aufzeichnung')).toBeVisible();
}

test.describe('my consents', () => {
  test('lists every decision with its receipt, withdraws from the history, and decides again', async ({ page, scenario, database }) => {
    await loginAs(page, scenario.member.loginName);
    await expect(page.getByRole('link', { name: 'Alle Ihre Einwilligungen und Widerrufe ansehen' })).toBeVisible();
    await consentOnOwnService(page, scenario.onOwn.id, true);

    await page.getByRole('navigation', { name: 'Ihr Bereich' }).getByRole('link', { name: 'Ihre Einwilligungen' }).click();
    await expect(page.getByRole('heading', { name: 'Ihre Einwilligungen', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Ihre Einwilligungen', exact: true })).toHaveAttribute('aria-current', 'page');
    const own = page.getByRole('region', { name: 'Rehabilitation' });
    await expect(own.getByText('Eingewilligt, mit Aufzeichnung')).toBeVisible();
    // The worker's services are shared with other specs, which may have published newer versions.
    const { disclosureVersion } = await database.prisma.consentDecision.findFirstOrThrow({
      where: { consultationId: scenario.onOwn.id },
      select: { disclosureVersion: { select: { version: true } } },
    });
    await expect(own.getByRole('listitem').filter({ hasText: /^Eingewilligt am .+ um \d\d:\d\d Uhr (MEZ|MESZ)/ })).toContainText(
      `Grundlage: Hinweise in Fassung ${disclosureVersion.version}, Deutsch`,
    );
    await expect(own.getByText('Aufzeichnung: zugestimmt')).toBeVisible();
    const [given] = await queueIds(database, scenario.onOwn.id, 'consent.given');
    await expect(own.getByRole('link', { name: 'Quittung ansehen' })).toHaveAttribute('href', `/member/receipts/${given!}`);
    // The other consultation has nothing decided yet, and leads to its consent page.
    const other = page.getByRole('region', { name: 'Krankengeld' });
    await expect(other.getByText('Zu diesem Termin haben Sie noch nichts entschieden.')).toBeVisible();
    await expect(other.getByRole('link', { name: 'Jetzt entscheiden' })).toHaveAttribute(
      'href',
      `/member/consultations/${scenario.onThirdParty.id}`,
    );
    await expectNoAxeViolations(page);

    // Withdrawing is one click, as easy as consenting; the page comes back with a confirmation.
    await own.getByRole('button', { name: 'Nur die Aufzeichnung widerrufen' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Ihr Widerruf der Aufzeichnung für „Rehabilitation“ ist gespeichert. Ab jetzt darf nicht mehr aufgezeichnet werden.',
    );
    await expect(own.getByText('Eingewilligt, Aufzeichnung widerrufen')).toBeVisible();
    await own.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
    await expect(page.getByRole('status')).toHaveText('Ihr Widerruf für „Rehabilitation“ ist gespeichert. Er gilt ab sofort.');
    await expect(own.locator('.status[data-status="withdrawn"]')).toBeVisible();
    await expect(own.getByRole('button')).toHaveCount(0);
    const events = own.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Quittung ansehen' }) });
    await expect(events).toHaveCount(3);
    await expect(events.nth(1)).toContainText('Aufzeichnung widerrufen am');
    await expect(events.nth(2)).toContainText('Einwilligung widerrufen am');
    const [recordingWithdrawn] = await queueIds(database, scenario.onOwn.id, 'consent.recording_withdrawn');
    const [withdrawn] = await queueIds(database, scenario.onOwn.id, 'consent.withdrawn');
    await expect(events.nth(1).getByRole('link')).toHaveAttribute('href', `/member/receipts/${recordingWithdrawn!}`);
    await expect(events.nth(2).getByRole('link')).toHaveAttribute('href', `/member/receipts/${withdrawn!}`);
    await expectNoAxeViolations(page);
    expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consent.given', 'consent.recording_withdrawn', 'consent.withdrawn']);

    // Deciding again is the consultation's consent page; the history keeps every step.
    await own.getByRole('link', { name: 'Neu entscheiden' }).click();
    await expect(page).toHaveURL(new RegExp(`/member/consultations/${scenario.onOwn.id}$`));
    await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
    await page.goto('/member/consents');
    await expect(events).toHaveCount(4);
    await expect(own.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
    await expect(events.nth(3)).toContainText('Aufzeichnung: nicht zugestimmt');

    // The readable summary of all the member's data, in the same words.
    await page.getByRole('link', { name: 'Übersicht Ihrer Daten lesen und drucken' }).click();
    await expect(page.getByRole('heading', { name: 'Ihre gespeicherten Daten', level: 1 })).toBeVisible();
    await expect(page.getByText(scenario.member.loginName)).toBeVisible();
    await expect(page.getByTestId('member-log')).toContainText('Einwilligung erteilt');
    await expect(page.getByTestId('member-log')).toContainText('Mitglied: eigene Daten abgerufen (Auskunft)');
    await expectNoAxeViolations(page);
  });

  test('in English', async ({ page, scenario }) => {
    await loginAs(page, scenario.member.loginName);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: 'Your appointments', level: 1 })).toBeVisible();
    await page.getByRole('navigation', { name: 'Your area' }).getByRole('link', { name: 'Your consents' }).click();
    await expect(page.getByRole('heading', { name: 'Your consents', level: 1 })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Krankengeld' }).getByRole('link', { name: 'Decide now' })).toBeVisible();
    await expectNoAxeViolations(page);
  });
});

test.describe('my consents without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('withdraws from the history and downloads all data as a file', async ({ page, scenario, database }) => {
    await loginAs(page, scenario.member.loginName);
    await consentOnOwnService(page, scenario.onOwn.id, false);
    await page.goto('/member/consents');
    const own = page.getByRole('region', { name: 'Rehabilitation' });
    await own.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
    await expect(page.getByRole('status')).toHaveText('Ihr Widerruf für „Rehabilitation“ ist gespeichert. Er gilt ab sofort.');
    await expect(own.locator('.status[data-status="withdrawn"]')).toBeVisible();
    expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consent.given', 'consent.withdrawn']);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Alle Daten herunterladen (JSON-Datei)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^consent-data-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(await readFile(await file.path(), 'utf8')) as TMemberDataExport;
    expect(data).toMatchObject({
      format: 'consent-gateway/member-data',
      formatVersion: 1,
      account: { loginName: scenario.member.loginName },
    });
    expect(data.consultations).toHaveLength(2);
    const consultation = data.consultations.find((c) => c.id === scenario.onOwn.id)!;
    expect(consultation.consentStatus).toBe('withdrawn');
    expect(consultation.decisions[0]!.sentences[0]).toMatchObject({ choice: 'transmission', agreed: true });
    expect(consultation.withdrawals).toMatchObject([{ scope: 'all' }]);
    expect(data.logEntries.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(['consent.given', 'consent.withdrawn', 'member.data_exported']),
    );
    // The page is still there, the download was logged as the member's own entry.
    await expect(page.getByRole('heading', { name: 'Ihre Einwilligungen', level: 1 })).toBeVisible();
  });

  test("reading one's data from a link on another site waits for a button, and only then is logged", async ({
    page,
    scenario,
    database,
  }) => {
    await loginAs(page, scenario.member.loginName);
    // The member's own entries: nothing else of theirs is logged in between.
    const exported = () => database.prisma.logEntryPersonal.count({ where: { data: { path: ['actorId'], equals: scenario.member.id } } });
    const before = await exported();
    await followLinkFromElsewhere(page, '/member/consents/summary');
    await expect(page.getByRole('heading', { name: 'Ihre gespeicherten Daten', level: 1 })).toBeVisible();
    await expect(page.getByTestId('confirm-logged-read')).toContainText('über einen Link von außerhalb des Gateways');
    await expect(page.locator('main')).not.toContainText(scenario.member.loginName);
    expect(await exported()).toBe(before);

    await page.getByRole('button', { name: 'Meine Daten anzeigen' }).click();
    await expect(page.getByText(scenario.member.loginName)).toBeVisible();
    await expect(page.getByTestId('confirm-logged-read')).toHaveCount(0);
    expect(await exported()).toBe(before + 1);
  });
});
