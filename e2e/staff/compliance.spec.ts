import { createHash } from 'node:crypto';
import type { signedExportManifest } from '@/server/compliance/export/export-manifest';
import { consentInOwnBrowser, createOfficer, expect, expectNoAxeViolations, followLinkFromElsewhere, loginAs, test } from '../fixtures';

/** The manifest route's JSON is signedExportManifest's answer as is (strings and numbers only). */
type TSignedManifest = NonNullable<Awaited<ReturnType<typeof signedExportManifest>>>;

test('an officer finds a member by number, sees only a pseudonym, opens the timeline and the disclosure as it was shown', async ({
  page,
  browser,
  database,
  scenario,
  baseURL,
}) => {
  const { context } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false });
  // A denied join on the other consultation (no consent there).
  expect(
    (await context.request.post(`/api/consultations/${scenario.onThirdParty.id}/join`, { headers: { origin: baseURL! } })).status(),
  ).toBe(403);
  await context.close();

  await loginAs(page, (await createOfficer(database, 'explorer')).loginName);
  await page.getByRole('navigation', { name: 'Bereiche der Compliance' }).getByRole('link', { name: 'Protokoll' }).click();
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByLabel('Anlass (freiwillig)').first().fill('Anfrage Aufsicht 12/26');
  await page.getByRole('button', { name: 'Einträge der Person anzeigen' }).click();
  await expect(page.getByTestId('member-filter')).toContainText(/Nur Einträge der Person P-[0-9A-F]{4}-[0-9A-F]{4}\./);
  const results = page.getByTestId('log-results');
  await expect(results).toContainText('Beitritt der Person verweigert');
  await expect(results).toContainText('Einwilligung erteilt');
  await expect(results).toContainText('Compliance: Person gesucht');
  // The number the officer typed is not shown back, nor the member's name.
  await expect(page.locator('main')).not.toContainText(scenario.member.loginName);
  await expect(page.locator('main')).not.toContainText(scenario.member.displayName);
  await expectNoAxeViolations(page);

  // Narrowed to consents only, then to the consultation's timeline.
  await page.getByLabel('Status').selectOption({ label: 'Einwilligung erteilt' });
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(results.getByRole('row')).toHaveCount(2);
  await results.getByRole('link', { name: `Verlauf des Termins ${scenario.onOwn.id}` }).click();
  await expect(page.getByRole('heading', { name: 'Verlauf eines Termins' })).toBeVisible();
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByRole('heading', { level: 3 })).toHaveText(['Einwilligung erteilt', 'Compliance: Verlauf angesehen']);
  await expect(timeline).toContainText('Übertragung per Video');
  // Logged codes in words: the language by its name, not "de".
  await expect(timeline).toContainText('Hinweistext gezeigt (Sprache: Deutsch)');
  // The recording sentence was shown but not ticked: the timeline says so, not "agreed".
  await expect(timeline.locator('ul > li').filter({ hasText: 'aufgezeichnet wird' })).toContainText('nicht angekreuzt');
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Text so ansehen, wie er gezeigt wurde' }).click();
  await expect(page.getByTestId('disclosure-hash')).toContainText('stimmt mit dem protokollierten Hash überein');
  await expectNoAxeViolations(page);

  // Every read is in the log; the reason given with the lookup is kept with it (it never travels in an address).
  const reads = () => database.prisma.$queryRaw<{ event_type: string; reason: string | null }[]>`
    SELECT q.event_type, p.data->>'reason' AS reason FROM consent_log_personal p
      JOIN (SELECT queue_id, event_type FROM consent_log UNION ALL SELECT id, event_type FROM consent_log_queue) q ON q.queue_id = p.queue_id
     WHERE p.data->>'subjectId' = ${scenario.member.id} AND q.event_type LIKE 'compliance.%' ORDER BY q.queue_id`;
  const logged = [
    { event_type: 'compliance.member_lookup', reason: 'Anfrage Aufsicht 12/26' },
    { event_type: 'compliance.member_log_searched', reason: null },
    { event_type: 'compliance.member_log_searched', reason: null },
    { event_type: 'compliance.timeline_viewed', reason: null },
  ];
  expect(await reads()).toEqual(logged);

  // The timeline's address in a mail: nothing is read or logged until the officer confirms (0052).
  await followLinkFromElsewhere(page, `/compliance/consultations/${scenario.onOwn.id}`);
  await expect(page.getByTestId('confirm-logged-read')).toContainText('Jede Einsicht wird dauerhaft im Protokoll vermerkt.');
  await expect(page.getByTestId('timeline')).toHaveCount(0);
  expect(await reads()).toEqual(logged);
  await page.getByRole('button', { name: 'Verlauf öffnen (wird protokolliert)' }).click();
  await expect(timeline.getByRole('heading', { level: 3 })).toHaveText([
    'Einwilligung erteilt',
    'Compliance: Verlauf angesehen',
    'Compliance: Verlauf angesehen',
  ]);
  expect(await reads()).toEqual([...logged, { event_type: 'compliance.timeline_viewed', reason: null }]);
});

test('an officer verifies the chain, exports a selection, and the file matches its manifest', async ({
  page,
  database,
  scenario,
  baseURL,
}) => {
  await loginAs(page, (await createOfficer(database, 'export')).loginName);
  await page.getByRole('link', { name: 'Protokoll prüfen' }).click();
  // The full recomputation is one run for all instances, started here; a log this small is done before the page returns.
  await page.getByRole('button', { name: 'Vollständige Prüfung starten' }).click();
  await expect(page.getByTestId('full-verification-last')).toContainText('Die Kette ist unversehrt');
  await expect(page.getByTestId('full-verification-last')).toContainText('gestartet von Prüferin Explorer');
  // Opening the page checks only what came after that run, and says so.
  await expect(page.getByTestId('verify-result')).toContainText(/Diese Prüfung umfasst nur die Einträge nach Eintrag \d+/);
  // Which trust anchors that was: the checkpoints in this database, said plainly, and the witnesses outside it.
  await expect(
    page.getByText(/^Geprüft gegen die signierten Checkpoints in dieser Datenbank – wer die Datenbank ändern kann/),
  ).toBeVisible();
  // A witness that had cosigned nothing yet (a fresh server) has now cosigned the head: asked again, it confirms.
  await page.getByRole('link', { name: 'Erneut prüfen' }).click();
  await expect(page.getByTestId('verify-witnesses')).toContainText('Bestätigt: So viele Zeugen, wie die Regel verlangt');
  await expectNoAxeViolations(page);

  // The scheduling of the scenario's consultations is not logged by the factories; a denied join is.
  const member = await page.context().browser()!.newContext();
  const memberPage = await member.newPage();
  await loginAs(memberPage, scenario.member.loginName);
  expect((await memberPage.request.post(`/api/consultations/${scenario.onOwn.id}/join`, { headers: { origin: baseURL! } })).status()).toBe(
    403,
  );
  await member.close();

  await page.goto(`/compliance/log?consultation=${scenario.onOwn.id}&service=${scenario.services.own.id}&event=call.join_denied`);
  await expect(page.getByTestId('log-results')).toContainText('Beitritt der Person verweigert');
  await page.getByLabel('JSON Lines (eine Zeile je Eintrag, für Programme)').check();
  await page.getByRole('button', { name: 'Export anlegen' }).click();
  await expect(page.getByRole('heading', { name: 'Export', exact: true })).toBeVisible();
  // Produced once in the background; the page shows the figures when it is done.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('export-sha256')).toHaveText(/^[0-9a-f]{64}$/, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expectNoAxeViolations(page);
  // The filter in the explorer's words: the service by its name, the event by its label, no stored id or code.
  await expect(page.getByTestId('export-filter').getByRole('listitem')).toHaveText([
    `Termin-ID: ${scenario.onOwn.id}`,
    'Videodienst: Kassen-Video',
    'Ereignis: Beitritt der Person verweigert',
  ]);
  const shown = (await page.getByTestId('export-sha256').textContent())!;

  const file = await page.request.get(page.url().replace('/compliance/exports/', '/api/compliance/exports/') + '/file');
  expect(file.headers()['content-type']).toContain('application/jsonl');
  const body = await file.body();
  expect(createHash('sha256').update(body).digest('hex')).toBe(shown);
  const rows = body
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { eventType: string; consultationId: string | null });
  expect(rows.map((r) => r.eventType)).toEqual(['call.join_denied']);
  expect(rows[0]!.consultationId).toBe(scenario.onOwn.id);

  const { manifest, jws } = (await (
    await page.request.get(page.url().replace('/compliance/exports/', '/api/compliance/exports/') + '/manifest')
  ).json()) as TSignedManifest;
  // Signed, and naming the log entry that commits the file (the signature itself is checked in log-export.db.test.ts).
  expect(jws).toMatch(/^[\w-]+\.\.[\w-]+$/);
  expect(manifest.committedBy).toMatchObject({ eventType: 'compliance.export_completed' });
  expect(manifest.file).toMatchObject({ rows: 1, sha256: shown, bytes: body.length });
  // The signed manifest keeps the filter as the machine reads it: ids and codes, for a third party's check.
  expect(manifest.filter).toEqual({ consultation: scenario.onOwn.id, service: scenario.services.own.id, event: 'call.join_denied' });
  expect(manifest.coveredBy.checkpoint!.note).toContain(`\n${manifest.coveredBy.treeSize}\n`);
  await page.getByRole('link', { name: 'Alle Exporte' }).click();
  await expectNoAxeViolations(page);
});

test('advisors and members get 404 for every compliance page and API; bad filters get messages, not errors', async ({
  page,
  browser,
  database,
  scenario,
}) => {
  const officer = await createOfficer(database, 'access');
  const exp = await database.prisma.logExport.create({
    data: { officerId: officer.id, format: 'CSV', filter: {}, treeSize: 0n },
    select: { id: true },
  });
  const paths = [
    '/compliance',
    '/compliance/log',
    '/compliance/verify',
    '/compliance/exports',
    `/compliance/exports/${exp.id}`,
    '/compliance/violations',
    `/compliance/consultations/${scenario.onOwn.id}`,
    `/api/compliance/exports/${exp.id}/file`,
    `/api/compliance/exports/${exp.id}/manifest`,
  ];
  for (const who of [scenario.advisor.loginName, scenario.member.loginName]) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await loginAs(other, who);
    for (const path of paths) expect((await other.goto(path))?.status(), `${who} ${path}`).toBe(404);
    await context.close();
  }
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(`/api/compliance/exports/${exp.id}/file`)).status()).toBe(401);
  await anonymous.close();

  await loginAs(page, officer.loginName);
  for (const query of ['from=2026-02-30', 'consultation=%27%20OR%201%3D1', 'event=nope', 'before=-1', 'status=x&advisor=y']) {
    const response = await page.goto(`/compliance/log?${query}`);
    expect(response?.status(), query).toBe(200);
  }
  await expect(page.getByRole('alert').filter({ hasText: 'Bitte korrigieren Sie den Filter' })).toBeVisible();
  expect((await page.goto('/compliance/consultations/not-a-uuid'))?.status()).toBe(404);
  expect((await page.goto('/compliance/exports/%E0%A4%A'))?.status()).toBe(400);
  expect((await page.request.get('/api/compliance/exports/not-a-uuid/file')).status()).toBe(404);
  for (const odd of ['-'.repeat(36), 'f'.repeat(36)]) {
    expect((await page.goto(`/compliance/exports/${odd}`))?.status(), odd).toBe(404);
    expect((await page.goto(`/compliance/violations/${odd}`))?.status(), odd).toBe(404);
    expect((await page.request.get(`/api/compliance/exports/${odd}/manifest`)).status(), odd).toBe(404);
  }
});
