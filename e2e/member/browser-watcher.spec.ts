import { execFile } from 'node:child_process';
import { createHash, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { checkMisbehaviourProof } from '@/log-follower/misbehaviour-proof';
import { checkpointBody, keyIdOf } from '@/shared/transparency/checkpoint-note';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { parsePolicy } from '@/shared/transparency/policy';
import { signatureLine } from '@/shared/transparency/signed-note';
import { E2E_LOG_SIGNING_KEY, E2E_LOG_VKEY, E2E_WITNESS_POLICY_FILE } from '../env';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

// The member's browser as a watcher of the consent log (docs/decisions/0059).

const STORAGE_KEY = 'consent-gateway.log-watch';
type TKept = { origin: string; treeSize: number; rootHash: string; note: string; checkedAt: string };

const stored = (page: Page) => page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
const kept = async (page: Page): Promise<TKept> => (JSON.parse((await stored(page))!) as { kept: TKept }).kept;
/** A number of entries as the German messages say it (nominative, dative), with the locale's digit grouping. */
const entries = (n: number) => (n === 1 ? '1 Eintrag' : `${n.toLocaleString('de-DE')} Einträge`);
const withEntries = (n: number) => (n === 1 ? 'mit 1 Eintrag' : `mit ${n.toLocaleString('de-DE')} Einträgen`);
/** The watcher's quiet status: a polite live region. */
const LIVE = '[aria-live="polite"]';
const section = (page: Page, name = 'Protokollprüfung in diesem Browser') => page.getByRole('region', { name });

async function newestTreeSize(page: Page): Promise<number> {
  const note = await (await page.request.get('/api/log/checkpoint')).text();
  return Number(note.split('\n')[1]);
}

/** A checkpoint of the same size with another root, validly signed with the e2e log key: what a forking log would sign. */
function forkedNote(of: TKept): string {
  const privateKey = privateKeyFromSeed(Buffer.from(E2E_LOG_SIGNING_KEY, 'base64'));
  const rootHash = createHash('sha256').update(`another history of ${of.treeSize}`).digest();
  const body = checkpointBody({ origin: of.origin, treeSize: of.treeSize, rootHash });
  return `${body}\n${signatureLine(of.origin, keyIdOf(of.origin, rawPublicKey(privateKey)), sign(null, Buffer.from(body), privateKey))}`;
}

test('off by default; turned on it checks the log on each visit, keeps only the checkpoint, and turns off deleting it', async ({
  page,
  scenario,
}) => {
  const logRequests: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/log') || path.startsWith('/.well-known/consent-log')) logRequests.push(path);
  });
  await loginAs(page, scenario.member.loginName);
  const watch = section(page);
  await expect(watch.locator(LIVE)).toHaveText('Die Prüfung ist ausgeschaltet. Dieser Browser speichert dafür nichts und ruft nichts ab.');
  expect(await stored(page)).toBeNull();
  expect(logRequests).toEqual([]);

  // On a server that has just started, the log's first checkpoint may not be signed yet: a check before
  // it rightly says it could not run (seen when this spec ran first).
  await expect.poll(async () => (await page.request.get('/api/log/checkpoint')).status(), { timeout: 30_000 }).toBe(200);
  await watch.getByRole('button', { name: 'Prüfung in diesem Browser einschalten' }).click();
  await expect(watch.locator(LIVE)).toContainText('Protokoll geprüft: Die Signatur ist gültig.');
  const first = await kept(page);
  await expect(watch.locator(LIVE)).toContainText(`den Stand ${withEntries(first.treeSize)}`);
  expect(Object.keys(first).sort()).toEqual(['checkedAt', 'note', 'origin', 'rootHash', 'treeSize']);
  expect(first.origin).toBe('e2e.consent-gateway/consent-log');

  // The log grows (this member consents); the next visit finds the new checkpoint consistent with the kept one.
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  await expect.poll(() => newestTreeSize(page), { timeout: 30_000 }).toBeGreaterThan(first.treeSize);
  await page.goto('/member/consents');
  await expect(watch.locator(LIVE)).toContainText(
    new RegExp(
      `^Protokoll geprüft: Es setzt den Stand fort, den dieser Browser am .+ \\(${entries(first.treeSize)}\\)\\. Jetzt sind es [\\d.]+ Einträge\\.$`,
    ),
  );
  const second = await kept(page);
  expect(second.treeSize).toBeGreaterThan(first.treeSize);
  expect(logRequests).toContain('/api/log/proofs/consistency');
  await expect(watch.getByRole('alert')).toHaveCount(0);
  await expect(watch.getByText('braucht JavaScript')).toHaveCount(0);
  await expectNoAxeViolations(page);

  // Keyboard only: the control is a button; turning off deletes the stored value.
  await watch.getByRole('button', { name: 'Prüfung ausschalten und gespeicherten Stand löschen' }).focus();
  await page.keyboard.press('Enter');
  await expect(watch.locator(LIVE)).toHaveText('Die Prüfung ist ausgeschaltet; der gespeicherte Stand ist gelöscht.');
  expect(await stored(page)).toBeNull();
  await expect(watch.getByRole('button', { name: 'Prüfung in diesem Browser einschalten' })).toBeFocused();
});

test('a forked checkpoint raises the alert in German and English, with a proof the monitor accepts', async ({
  page,
  scenario,
}, testInfo) => {
  test.setTimeout(120_000);
  await loginAs(page, scenario.member.loginName);
  await section(page).getByRole('button', { name: 'Prüfung in diesem Browser einschalten' }).click();
  await expect(section(page).locator(LIVE)).toContainText('Protokoll geprüft');
  const real = await kept(page);
  // What this browser "saw" before: a validly signed tree of the same size with another root.
  const planted: TKept = { ...real, rootHash: '', note: forkedNote(real) };
  planted.rootHash = planted.note.split('\n')[2]!;
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    STORAGE_KEY,
    JSON.stringify({ version: 1, kept: planted }),
  ] as const);

  await page.reload();
  const alert = section(page).getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'Warnung: Das Einwilligungsprotokoll wurde verändert' })).toBeVisible();
  await expect(alert).toContainText(`dem widerspricht, den dieser Browser am`);
  await expect(alert).toContainText(`(${entries(real.treeSize)})`);
  await expect(alert).toContainText('Datenschutzbeauftragte');
  const downloading = page.waitForEvent('download');
  await alert.getByRole('link', { name: 'Nachweis herunterladen (JSON-Datei)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('consent-log-misbehaviour-proof.json');
  const file = testInfo.outputPath('proof.json');
  await download.saveAs(file);
  const proof = JSON.parse(await readFile(file, 'utf8')) as { kind: string; checkpoints: string[] };
  expect(proof.checkpoints[0]).toBe(planted.note);
  const policy = parsePolicy(await readFile(E2E_WITNESS_POLICY_FILE, 'utf8'));
  if (!policy.ok) throw new Error(policy.problem);
  expect(checkMisbehaviourProof(proof, [E2E_LOG_VKEY], policy.policy)).toMatchObject({ ok: true });
  // The monitor's own command says the same (exit 0: a valid proof).
  const { stdout } = await promisify(execFile)('npx', [
    'tsx',
    'log-follower/monitor-main.ts',
    '--check-proof',
    file,
    '--policy',
    E2E_WITNESS_POLICY_FILE,
  ]);
  expect(stdout).toContain('log:monitor: VALID PROOF');
  // The kept checkpoint is not replaced by the one that contradicts it: the warning stays.
  expect((await kept(page)).note).toBe(planted.note);
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const english = section(page, 'Checking the consent log in this browser').getByRole('alert');
  await expect(english.getByRole('heading', { name: 'Warning: the consent log has been changed' })).toBeVisible();
  await expect(english).toContainText('data protection officer');
  await expect(english.getByRole('link', { name: 'Download the proof (JSON file)' })).toHaveAttribute(
    'download',
    'consent-log-misbehaviour-proof.json',
  );
});

test('a log that cannot be reached is no finding: the check says it could not run and keeps what it had', async ({ page, scenario }) => {
  await loginAs(page, scenario.member.loginName);
  await section(page).getByRole('button', { name: 'Prüfung in diesem Browser einschalten' }).click();
  await expect(section(page).locator(LIVE)).toContainText('Protokoll geprüft');
  const before = await stored(page);
  await page.route('**/api/log/checkpoint', (route) => route.abort('connectionfailed'));
  await page.reload();
  await expect(section(page).locator(LIVE)).toContainText('Die Prüfung konnte diesmal nicht laufen');
  await expect(section(page).getByRole('alert')).toHaveCount(0);
  expect(await stored(page)).toBe(before);
});

test('the consent page loads none of the watcher’s code; the member home loads it as a chunk of its own', async ({ page, scenario }) => {
  const scriptsWithWatcher = (into: string[]) => (response: import('@playwright/test').Response) => {
    if (response.request().resourceType() !== 'script') return;
    void response.text().then(
      (body) => {
        if (body.includes(STORAGE_KEY)) into.push(new URL(response.url()).pathname);
      },
      () => undefined,
    );
  };
  await loginAs(page, scenario.member.loginName);
  const onHome: string[] = [];
  page.on('response', scriptsWithWatcher(onHome));
  await page.reload();
  await expect(section(page).locator(LIVE)).toBeVisible();
  await expect.poll(() => onHome.length).toBeGreaterThan(0);
  page.removeAllListeners('response');

  const onConsent: string[] = [];
  page.on('response', scriptsWithWatcher(onConsent));
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);
  await expect(page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(onConsent).toEqual([]);
  expect(await page.content()).not.toContain('log-watch');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the member pages render in full and say the check needs JavaScript', async ({ page, scenario }) => {
    await loginAs(page, scenario.member.loginName);
    await expect(page.getByRole('heading', { name: 'Ihre Termine', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Rehabilitation' })).toBeVisible();
    await expect(section(page).getByText('Diese Prüfung läuft in Ihrem Browser und braucht JavaScript.')).toBeVisible();
    await page.goto('/member/consents');
    await expect(page.getByRole('heading', { name: 'Ihre Einwilligungen', level: 1 })).toBeVisible();
    await expect(section(page).getByText('Diese Prüfung läuft in Ihrem Browser und braucht JavaScript.')).toBeVisible();
  });
});
