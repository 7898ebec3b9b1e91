import { EgressInfo, EgressStatus, WebhookEvent } from 'livekit-server-sdk';
import { createAccount } from '@/prisma/seed/factories';
import { type TLiveKitApi, startLiveKitApi } from '@/tests/livekit-api-server';
import { createScenario, testSecondFactor } from '@/tests/scenario';
import { E2E_LIVEKIT } from '../env';
import { consentInOwnBrowser, expect, expectNoAxeViolations, loggedEvents, loginAs, test } from '../fixtures';

// One loopback LiveKit API on a fixed port, which the app server is configured with: one test at a time here.
test.describe.configure({ mode: 'serial' });
let api: TLiveKitApi;
test.beforeAll(async () => {
  api = await startLiveKitApi({ apiKey: E2E_LIVEKIT.key, apiSecret: E2E_LIVEKIT.secret, port: E2E_LIVEKIT.port });
});
test.afterAll(() => api.close());

function egressReport(egressId: string, room: string): string {
  const delivery = new WebhookEvent({
    id: `EV_${crypto.randomUUID()}`,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    egressInfo: new EgressInfo({ egressId, roomName: room, status: EgressStatus.EGRESS_ACTIVE }),
  });
  delivery.event = 'egress_started';
  return delivery.toJsonString();
}

test('a recording LiveKit reports without consent shows at once to the advisor and compliance; a withdrawal closes the room', async ({
  page,
  browser,
  database,
}) => {
  // Services of its own: the worker's are shared with other tests, which expect plain links.
  const scenario = await createScenario(database.prisma);
  await database.prisma.videoService.update({
    where: { id: scenario.services.own.id },
    data: { access: 'LIVEKIT', joinUrlTemplate: 'https://video.kasse.example/rooms/{room}' },
  });

  // The member consents without recording.
  const { context: member, page: memberPage } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, {
    recording: false,
  });

  // The advisor starts the call: LiveKit needs no "recording is off" confirmation, its token cannot record.
  await loginAs(page, scenario.advisor.loginName);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  api.openRoom(scenario.onOwn.room, [scenario.member.id, scenario.advisor.id]);
  const popup = page.waitForEvent('popup');
  const started = page.context().waitForEvent('response', (r) => r.url().endsWith(`/api/advisor/consultations/${scenario.onOwn.id}/start`));
  await page.getByRole('button', { name: 'Gespräch starten' }).click();
  expect((await started).headers().location).toMatch(new RegExp(`^https://video\\.kasse\\.example/rooms/${scenario.onOwn.room}\\?token=`));
  await (await popup).close();

  // A forged report is refused; a recording LiveKit really reports becomes a violation on the open page, without reload.
  const foreign = api.startForeignEgress(scenario.onOwn.room);
  const body = egressReport(foreign, scenario.onOwn.room);
  const unsigned = await page.request.post('/api/video/livekit/webhook', {
    headers: { 'content-type': 'application/webhook+json' },
    data: body,
  });
  expect(unsigned.status()).toBe(401);
  const signed = await page.request.post('/api/video/livekit/webhook', {
    headers: { 'content-type': 'application/webhook+json', authorization: await api.signWebhook(body) },
    data: body,
  });
  expect(await signed.json()).toEqual({ handled: 'violation' });
  await expect(page.getByRole('alert').filter({ hasText: 'Verstoß: Aufzeichnung ohne Einwilligung' })).toBeVisible();
  expect(api.calls.filter((c) => c.method === 'StopEgress').map((c) => c.body.egressId)).toEqual([foreign]);
  expect(api.egresses.get(foreign)?.status).toBe('EGRESS_COMPLETE');
  await expectNoAxeViolations(page);
  // The advisor's list flags it too, in words.
  const list = await page.context().newPage();
  await list.goto('/advisor');
  await expect(list.getByRole('row').filter({ hasText: 'Rehabilitation' })).toContainText('Verstoß – bitte öffnen');
  await expectNoAxeViolations(list);
  await list.close();

  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.lk.${Date.now()}`,
    displayName: 'Prüfer',
    password: 'Test-Passwort-123',
    secondFactor: testSecondFactor(),
  });
  const compliance = await browser.newContext();
  const officerPage = await compliance.newPage();
  await loginAs(officerPage, officer.loginName);
  const violations = officerPage.getByRole('region', { name: 'Offene Verstöße' });
  await expect(violations.getByRole('row').filter({ hasText: scenario.onOwn.id })).toContainText('Aufzeichnung ohne Einwilligung');
  await expectNoAxeViolations(officerPage);
  await compliance.close();

  // The member withdraws everything: the gateway closes the LiveKit room, and the advisor's page says so.
  await memberPage.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
  await expect(memberPage.locator('.status[data-status="withdrawn"]')).toContainText('Widerrufen');
  await member.close();
  await expect(page.getByText(/Das Gateway hat den Videoraum am .* geschlossen/)).toBeVisible();
  // Closing the room ended the call: nothing is left for the advisor to confirm (docs/decisions/0065).
  await expect(page.getByTestId('call-phase')).toContainText('Das Gespräch ist beendet');
  await expect(page.getByTestId('end-call-now')).toHaveCount(0);
  expect(api.hasRoom(scenario.onOwn.room)).toBe(false);
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual([
    'consent.given',
    'call.start_allowed',
    'recording.violation',
    'recording.stopped',
    'consent.withdrawn',
    'call.end_demanded',
    'call.room_closed',
  ]);
});

test('a plain link starts only once the advisor confirms its recording is off', async ({ page, browser, baseURL, database, scenario }) => {
  await (await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false })).context.close();

  await loginAs(page, scenario.advisor.loginName);
  await page.goto(`/advisor/consultations/${scenario.onOwn.id}`);
  const confirm = page.getByLabel('Ich bestätige: Die Aufzeichnung in Kassen-Video ist ausgeschaltet.', { exact: false });
  await expect(confirm).toBeVisible();
  await expectNoAxeViolations(page);
  // Without the confirmation the server refuses, whatever the browser lets through.
  const forged = await page.request.post(`/api/advisor/consultations/${scenario.onOwn.id}/start`, {
    headers: { origin: baseURL! },
    form: {},
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain('Bitte bestätigen Sie zuerst, dass die Aufzeichnung im Videodienst ausgeschaltet ist.');

  // By keyboard: tick the box, start the call.
  await confirm.focus();
  await page.keyboard.press('Space');
  const popup = page.waitForEvent('popup');
  const started = page.context().waitForEvent('response', (r) => r.url().endsWith(`/api/advisor/consultations/${scenario.onOwn.id}/start`));
  await page.getByRole('button', { name: 'Gespräch starten' }).click();
  expect((await started).status()).toBe(303);
  await (await popup).close();
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual(['consent.given', 'call.start_denied', 'call.start_allowed']);
});
