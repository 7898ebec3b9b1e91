import { createAccount } from '@/prisma/seed/factories';
import { loggedEntries } from '@/tests/logged-entries';
import { TEST_PASSWORD, createScenario, createServices, testSecondFactor } from '@/tests/scenario';
import { consentInOwnBrowser, createOfficer, expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

/** Two compliance officers of their own, so that neither can be the other. */
async function officers(prisma: Parameters<typeof createAccount>[0]) {
  const stamp = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const a = await createAccount(prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.a.${stamp}`,
    displayName: 'Anna Author',
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
  const b = await createAccount(prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.b.${stamp}`,
    displayName: 'Bernd Reviewer',
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
  return { a, b };
}

/** Entries of one event type whose payload names this record, queued or already in the chain. */
async function loggedFor(prisma: Parameters<typeof createAccount>[0], eventType: string, key: string, value: string) {
  return (await loggedEntries(prisma, { eventTypes: [eventType], payload: { key, equals: value } })).length;
}

test.describe('four-eyes publishing of a disclosure', () => {
  test('officer A drafts and requests, cannot approve; officer B approves; the member is asked again', async ({
    page,
    browser,
    database,
  }) => {
    // Services of this test alone: publishing changes what every consultation on them shows.
    const scenario = await createScenario(database.prisma, await createServices(database.prisma));
    const { a, b } = await officers(database.prisma);
    const member = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false });

    await loginAs(page, a.loginName);
    await page.goto('/compliance/disclosures');
    await expect(page.getByRole('heading', { name: 'Hinweistexte', level: 1 })).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto(`/compliance/disclosures/new?service=${scenario.services.own.id}&language=de`);
    // The draft starts from the version in force; a heading too short is named and linked, nothing saved.
    await expect(page.getByLabel('Text', { exact: true })).not.toHaveValue('');
    await page.getByLabel('Überschrift').fill('K');
    await page.getByRole('button', { name: 'Entwurf anlegen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' });
    await expect(summary.getByRole('link', { name: /Bitte geben Sie eine Überschrift mit 3 bis 200 Zeichen ein/ })).toHaveAttribute(
      'href',
      '#title',
    );
    await expectNoAxeViolations(page);
    expect(await database.prisma.disclosureDraft.count({ where: { authorId: a.id } })).toBe(0);

    await page.getByLabel('Überschrift').fill('Kassen-Video: Hinweise, Fassung 2026');
    await page
      .getByLabel('Text', { exact: true })
      .fill(
        'Wir haben die Hinweise überarbeitet.\n\n- Ihre Daten bleiben in Deutschland.\n- Aufgezeichnet wird nur mit Ihrer Einwilligung.',
      );
    await page.getByRole('button', { name: 'Entwurf anlegen' }).click();
    await expect(page.getByRole('status')).toContainText('Der Entwurf ist angelegt.');
    // The preview is the member's page: service facts, the text, version and checksum.
    const preview = page.getByRole('region', { name: 'Vorschau: so sehen Mitglieder diese Fassung' });
    await expect(preview.getByRole('heading', { name: 'Kassen-Video: Hinweise, Fassung 2026' })).toBeVisible();
    await expect(preview.getByText('Fassung 2, noch nicht veröffentlicht')).toBeVisible();
    await expect(preview.getByRole('listitem').filter({ hasText: 'Ihre Daten bleiben in Deutschland.' })).toBeVisible();
    await expectNoAxeViolations(page);
    const draftUrl = page.url().replace(/\?.*$/, '');

    await page.getByRole('button', { name: 'Freigabe anfragen' }).click();
    await expect(page.getByRole('status')).toContainText('Die Freigabe ist angefragt.');
    // The author is offered no decision, only withdrawing.
    await expect(page.getByRole('button', { name: 'Freigeben und veröffentlichen' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Anfrage zurückziehen' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Entwurf bearbeiten' })).toHaveCount(0);
    await expect(page.getByTestId('draft-changes')).toBeVisible();
    await expectNoAxeViolations(page);

    // The reviewer works without JavaScript: the review form is a plain form answered by the server.
    const reviewer = await browser.newContext({ javaScriptEnabled: false });
    const reviewerPage = await reviewer.newPage();
    await loginAs(reviewerPage, b.loginName);
    await reviewerPage.goto(draftUrl);
    await expect(reviewerPage.getByText('Anna Author bittet um Freigabe.')).toBeVisible();
    // What changes in version 1, word by word, comes first; then the whole text; the decision after both.
    const changes = reviewerPage.getByRole('region', { name: 'Was sich gegenüber Fassung 1 ändert' });
    await expect(changes.locator('ins').filter({ hasText: 'Ihre Daten bleiben in Deutschland.' })).toBeVisible();
    await expect(changes.locator('del').first()).toBeVisible();
    // (The reviewer's browser runs no script: the order is read from the page's HTML.)
    const html = await reviewerPage.content();
    const order = ['data-testid="draft-changes"', 'id="preview-heading"', '>Freigeben und veröffentlichen<'].map((mark) =>
      html.indexOf(mark),
    );
    expect(order.every((at) => at >= 0) && order[0]! < order[1]! && order[1]! < order[2]!, `page order ${order.join(' < ')}`).toBe(true);
    // Rejecting needs a reason.
    await reviewerPage.getByRole('button', { name: 'Ablehnen' }).click();
    await expect(reviewerPage.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Bitte begründen Sie die Ablehnung',
    );
    await reviewerPage.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click();
    await expect(reviewerPage.getByRole('status')).toContainText('Die Fassung ist veröffentlicht.');
    await reviewer.close();

    await page.reload();
    await expect(page.getByText('Veröffentlicht', { exact: true })).toBeVisible();
    await expect(page.getByTestId('draft-changes'), 'a published version changes nothing any more').toHaveCount(0);
    await expect(page.getByRole('row', { name: /Freigegeben/ })).toContainText('Bernd Reviewer');
    await expectNoAxeViolations(page);

    const draft = await database.prisma.disclosureDraft.findFirstOrThrow({ where: { authorId: a.id }, select: { id: true } });
    expect(await loggedFor(database.prisma, 'disclosure.publication_requested', 'draftId', draft.id)).toBe(1);
    expect(await loggedFor(database.prisma, 'disclosure.published', 'draftId', draft.id)).toBe(1);

    // The member's earlier consent is outdated: the new text is shown and the call does not open.
    await member.page.reload();
    await expect(member.page.getByText('Seit Ihrer Einwilligung wurde eine neue Fassung der Hinweise veröffentlicht.')).toBeVisible();
    await expect(member.page.getByRole('heading', { name: 'Kassen-Video: Hinweise, Fassung 2026' })).toBeVisible();
    await expect(member.page.getByText(/Fassung 2, veröffentlicht am/)).toBeVisible();
    const origin = new URL(member.page.url()).origin;
    expect(
      (await member.page.request.post(`/api/consultations/${scenario.onOwn.id}/join`, { headers: { origin }, maxRedirects: 0 })).status(),
    ).toBe(403);
    await member.context.close();
  });
});

test("a video service change proposed by one officer applies only on a second officer's approval", async ({ page, browser, database }) => {
  const services = await createServices(database.prisma);
  const { a, b } = await officers(database.prisma);
  await loginAs(page, a.loginName);
  await page.goto('/compliance/services');
  await expect(page.getByRole('heading', { name: 'Videodienste', level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto(`/compliance/services/${services.own.id}/change`);
  await page.getByRole('group', { name: 'Wo Daten verarbeitet werden' }).getByLabel('Auch in Drittländern').check();
  await page.getByRole('textbox', { name: 'Drittländer' }).fill('DE');
  await page.getByRole('button', { name: 'Zur Freigabe vorschlagen' }).click();
  await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'Länder der EU und des EWR sind keine Drittländer.',
  );
  await expectNoAxeViolations(page);

  await page.getByRole('textbox', { name: 'Drittländer' }).fill('ch');
  await page.getByRole('button', { name: 'Zur Freigabe vorschlagen' }).click();
  await expect(page.getByRole('status')).toContainText('Der Vorschlag ist gestellt.');
  await expect(page.getByRole('row', { name: /^Drittländer/ })).toContainText('Schweiz (CH) (geändert)');
  await expect(page.getByRole('button', { name: 'Freigeben' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  const proposalUrl = page.url().replace(/\?.*$/, '');

  const reviewer = await browser.newContext();
  const reviewerPage = await reviewer.newPage();
  await loginAs(reviewerPage, b.loginName);
  await reviewerPage.goto(proposalUrl);
  await reviewerPage.getByRole('button', { name: 'Ablehnen' }).click();
  await expect(reviewerPage.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
    'Bitte begründen Sie die Ablehnung',
  );
  await expectNoAxeViolations(reviewerPage);
  await reviewerPage.getByRole('button', { name: 'Freigeben', exact: true }).click();
  await expect(reviewerPage.getByRole('status')).toContainText('Freigegeben: die Angaben gelten ab sofort.');
  await reviewer.close();
  expect(await database.prisma.videoService.findUniqueOrThrow({ where: { id: services.own.id } })).toMatchObject({
    processingRegion: 'THIRD_COUNTRY',
    thirdCountries: ['CH'],
  });
  const proposalId = proposalUrl.split('/').pop()!;
  expect(await loggedFor(database.prisma, 'video_service.change_applied', 'proposalId', proposalId)).toBe(1);
});

test('an advisor gets 404 on the compliance workspace', async ({ page, scenario }) => {
  await loginAs(page, scenario.advisor.loginName);
  for (const path of ['/compliance/disclosures', '/compliance/disclosures/new', '/compliance/services', '/compliance/services/new']) {
    expect((await page.goto(path))?.status(), path).toBe(404);
  }
});

test('a new service starts with no answer to the facts members are told, and asks for each', async ({ page, database }) => {
  const officer = await createOfficer(database, 'newservice');
  await loginAs(page, officer.loginName);
  await page.goto('/compliance/services/new');
  for (const name of ['processingRegion', 'endToEndEncrypted', 'canRecord'])
    await expect(page.locator(`input[name="${name}"]:checked`), name).toHaveCount(0);
  await page.getByLabel('Schlüssel', { exact: true }).fill(`neu-${Date.now()}`);
  await page.getByRole('button', { name: 'Zur Freigabe vorschlagen' }).click();
  for (const message of [
    'Bitte wählen Sie, wo Daten verarbeitet werden.',
    'Bitte wählen Sie, ob der Dienst Ende-zu-Ende-verschlüsselt ist.',
    'Bitte wählen Sie, ob der Dienst aufzeichnen kann.',
  ])
    await expect(page.getByText(message).first()).toBeVisible();
  expect(await database.prisma.videoServiceProposal.count({ where: { proposedById: officer.id } })).toBe(0);
});
