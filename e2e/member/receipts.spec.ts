import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import jsonld from 'jsonld';
import type { TReceiptFile } from '@/server/receipts/receipt-format';
import { createScenario } from '@/tests/scenario';
import { consentInOwnBrowser, expect, expectNoAxeViolations, loginAs, test } from '../fixtures';

test.describe('consent receipts', () => {
  test('after consenting the member opens, prints and downloads the receipt; the verify page accepts it and rejects a tampered copy', async ({
    browser,
    scenario,
    database,
    services,
  }) => {
    const { context, page } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: true });
    await page.getByRole('link', { name: 'Quittung', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Quittung über Ihre Entscheidung' })).toBeVisible();
    await expect(page.locator('.lead')).toHaveText('Einwilligung erteilt');
    await expect(page.getByRole('row', { name: /Aufzeichnung des Gesprächs/ })).toContainText('eingewilligt');
    await expect(page.getByRole('row', { name: /Übertragung im Videogespräch/ })).toContainText('eingewilligt');
    await expect(page.getByText('Rehabilitation,')).toBeVisible();
    await expectNoAxeViolations(page);
    const receiptUrl = page.url();
    const queueId = /\/member\/receipts\/(\d+)$/.exec(receiptUrl)![1]!;
    const decision = await database.prisma.consentDecision.findFirstOrThrow({ where: { consultationId: scenario.onOwn.id } });
    expect(queueId).toBe(String(decision.logQueueId));

    // Printed, the receipt is all there is: no site header, no download or navigation.
    const download = page.getByRole('link', { name: 'Signierte Quittung herunterladen (JSON)' });
    await page.emulateMedia({ media: 'print' });
    await expect(download).toBeHidden();
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Zwecke und ihr Stand' })).toBeVisible();
    await page.emulateMedia({ media: 'screen' });

    const downloading = page.waitForEvent('download');
    await download.click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe(`quittung-${queueId}.json`);
    const text = await readFile(await file.path(), 'utf8');
    const receipt = JSON.parse(text) as TReceiptFile;
    expect(receipt.receipt).toMatchObject({ event: 'consent.given', decisionId: decision.id, jurisdiction: 'DE' });
    expect(text).not.toContain(scenario.member.id);
    const direct = await page.request.get(`/member/receipts/${queueId}/download`);
    expect(direct.headers()['content-disposition']).toBe(`attachment; filename="quittung-${queueId}.json"`);
    expect(direct.headers()['content-type']).toContain('application/json');

    // The claims ISO/IEC TS 27560 asks for, on the page: the legal basis per purpose, the data categories, the history.
    await expect(page.locator('[data-lawful-basis="video-transmission"]')).toContainText('Art. 9 Abs. 2 lit. a DSGVO');
    await expect(page.locator('[data-category="health"]')).toContainText('besondere Kategorie');
    await expect(page.getByTestId('receipt-history').getByRole('row')).toHaveCount(2);
    // The same receipt for other software, linked from the page: JSON-LD with DPV terms (read here with
    // jsonld.js, nothing fetched) and a Kantara Consent Receipt JWT.
    const dpvHref = await page.getByRole('link', { name: /W3C-Datenschutzvokabular/ }).getAttribute('href');
    const dpv = await page.request.get(dpvHref!);
    expect(dpv.headers()['content-type']).toContain('application/ld+json');
    const nquads = (await jsonld.toRDF(
      (await dpv.json()) as jsonld.JsonLdDocument,
      {
        format: 'application/n-quads',
        safe: true,
        documentLoader: (url: string) => Promise.reject(new Error(`nothing may be fetched: ${url}`)),
      } as jsonld.Options.ToRdf,
    )) as unknown as string;
    expect(nquads).toContain(
      `<${receipt.receipt.receiptId}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/dpv#ConsentRecord> .`,
    );
    const kantara = await page.request.get(`/member/receipts/${queueId}/kantara`);
    expect(decodeJwt((await kantara.text()).trim())).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: receipt.receipt.receiptId,
    });

    // The public verifier, signed out: the downloaded file is genuine and its checkpoint still in the log.
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto('/receipts/verify');
    await expect(visitor.getByRole('heading', { level: 1, name: 'Quittung prüfen' })).toBeVisible();
    await expectNoAxeViolations(visitor);
    await visitor.getByLabel('Oder Datei hochladen').setInputFiles(await file.path());
    await visitor.getByRole('button', { name: 'Quittung prüfen' }).click();
    const valid = visitor.getByRole('status').filter({ hasText: 'Die Quittung ist echt.' });
    await expect(valid).toBeVisible();
    await expect(valid).toContainText('ist mit dem neuesten signierten Prüfpunkt');
    await expect(valid).toContainText('Inklusionsbeweis führt zum Prüfpunkt: bestanden');
    await expectNoAxeViolations(visitor);

    // A copy claiming recording was refused: the signature and the log entry both say otherwise.
    const tampered = structuredClone(receipt);
    tampered.receipt.purposes.find((p) => p.id === 'recording')!.state = 'not-given';
    await visitor.getByLabel('Quittung einfügen').fill(JSON.stringify(tampered));
    await visitor.getByRole('button', { name: 'Quittung prüfen' }).click();
    const invalid = visitor.getByRole('alert').filter({ hasText: 'Die Quittung ist nicht gültig.' });
    await expect(invalid).toBeVisible();
    await expect(invalid).toContainText('Signatur des Portals (veröffentlichter Schlüssel): fehlgeschlagen');
    await expect(invalid).toContainText('Die Angaben der Quittung weichen vom Protokolleintrag ab (purposes)');
    await expect(invalid).toContainText('Inklusionsbeweis führt zum Prüfpunkt: bestanden');
    await expectNoAxeViolations(visitor);

    // Input that is no receipt gets a message, and so does nothing at all.
    await visitor.getByLabel('Quittung einfügen').fill('{"hello": "world"}');
    await visitor.getByRole('button', { name: 'Quittung prüfen' }).click();
    await expect(visitor.getByRole('alert').filter({ hasText: 'Die Eingabe ist keine Quittung in diesem Format' })).toBeVisible();
    await visitor.getByRole('button', { name: 'Quittung prüfen' }).click();
    await expect(visitor.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingabe' })).toContainText('Bitte fügen Sie eine Quittung ein');
    await visitor.getByLabel('Quittung einfügen').fill('x'.repeat(61_000));
    await visitor.getByRole('button', { name: 'Quittung prüfen' }).click();
    await expect(visitor.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingabe' })).toContainText(
      'Die Eingabe ist zu groß für eine Quittung.',
    );
    await expectNoAxeViolations(visitor);
    await visitorContext.close();

    // Another member: neither the receipt nor its file exists for them.
    const other = await createScenario(database.prisma, services);
    const otherContext = await browser.newContext();
    const otherPage = await otherContext.newPage();
    await loginAs(otherPage, other.member.loginName);
    expect((await otherPage.goto(receiptUrl))?.status()).toBe(404);
    expect((await otherPage.request.get(`/member/receipts/${queueId}/download`)).status()).toBe(404);
    expect((await otherPage.goto('/member/receipts/not-a-number'))?.status()).toBe(404);
    expect((await otherPage.goto('/member/receipts/0'))?.status()).toBe(404);
    expect((await otherPage.goto('/member/receipts/%ZZ'))?.status()).toBe(400);
    await otherContext.close();
    await context.close();
  });

  test('a withdrawal has its own receipt, and the verify form works without JavaScript', async ({ browser, scenario }) => {
    const { context, page } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false });
    await page.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
    await expect(page.getByText('Ihr Widerruf ist gespeichert.')).toBeVisible();
    await page.getByRole('link', { name: 'Quittung', exact: true }).click();
    await expect(page.locator('.lead')).toHaveText('Einwilligung widerrufen');
    await expect(page.getByRole('row', { name: /Übertragung im Videogespräch/ })).toContainText('widerrufen');
    await expect(page.getByRole('row', { name: /Aufzeichnung des Gesprächs/ })).toContainText('nicht eingewilligt');
    await expect(page.getByText('Widerrufene Einwilligung')).toBeVisible();
    const response = await page.request.get(`${page.url()}/download`);
    const text = await response.text();
    // Its history: the consent, then this withdrawal. A Kantara receipt records consent given only: none here, and no link.
    await expect(page.getByTestId('receipt-history').getByRole('row')).toHaveCount(3);
    await expect(page.getByRole('link', { name: 'Kantara Consent Receipt 1.1' })).toHaveCount(0);
    expect((await page.request.get(`${page.url()}/kantara`)).status()).toBe(404);

    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto('/receipts/verify');
    await plain.getByLabel('Quittung einfügen').fill(text);
    await plain.getByRole('button', { name: 'Quittung prüfen' }).click();
    await expect(plain.getByText('Die Quittung ist echt.')).toBeVisible();
    await expect(plain.getByText(/Einwilligung widerrufen am/)).toBeVisible();
    await noScript.close();
    await context.close();
  });

  test('once the witnesses cosigned, a receipt carries their cosignatures and a tlog-proof, and verifies offline against the saved policy', async ({
    browser,
    scenario,
  }) => {
    const { context, page } = await consentInOwnBrowser(browser, scenario.member, scenario.onOwn.id, { recording: false });
    await page.getByRole('link', { name: 'Quittung', exact: true }).click();
    const receiptUrl = page.url();
    // The witnesses cosign within seconds; until then the page says the receipt rests on the log's signature alone.
    await expect
      .poll(
        async () => {
          await page.goto(receiptUrl);
          return page.getByTestId('receipt-witnessed').innerText();
        },
        { timeout: 30_000 },
      )
      .toContain('Unabhängige Zeugen außerhalb der Krankenkasse haben den Stand des Protokolls gegengezeichnet');
    await expectNoAxeViolations(page);
    const text = await (await page.request.get(`${receiptUrl}/download`)).text();
    const receipt = JSON.parse(text) as TReceiptFile;
    expect(receipt.receipt.evidence.checkpoint).toMatch(/\n\u2014 witness-1\.e2e\.example [A-Za-z0-9+/=]+\n/);
    expect(receipt.receipt.evidence.tlogProof).toMatch(/^c2sp\.org\/tlog-proof@v1\nindex \d+\n/);

    // Offline: the file, the published keys and the published policy, saved; no gateway.
    const keys = await (await page.request.get('/.well-known/consent-log-keys')).text();
    const policy = await (await page.request.get('/.well-known/consent-log-policy')).text();
    expect(policy).toMatch(/^log e2e\.consent-gateway\/consent-log\+/);
    const dir = await mkdtemp(path.join(tmpdir(), 'receipt-'));
    await writeFile(path.join(dir, 'receipt.json'), text);
    await writeFile(path.join(dir, 'keys.txt'), keys);
    await writeFile(path.join(dir, 'policy.txt'), policy);
    const offline = spawnSync(
      'npm',
      [
        'run',
        '-s',
        'receipt:verify',
        '--',
        path.join(dir, 'receipt.json'),
        '--keys',
        path.join(dir, 'keys.txt'),
        '--policy',
        path.join(dir, 'policy.txt'),
      ],
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } as unknown as NodeJS.ProcessEnv },
    );
    expect(offline.status, offline.stdout + offline.stderr).toBe(0);
    expect(offline.stdout).toMatch(/ok {3}witnesses /);
    expect(offline.stdout).toMatch(/Cosigned by: w1 \(.*\), w2 \(/);

    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto('/receipts/verify');
    await visitor.getByLabel('Quittung einfügen').fill(text);
    await visitor.getByRole('button', { name: 'Quittung prüfen' }).click();
    const valid = visitor.getByRole('status').filter({ hasText: 'Die Quittung ist echt.' });
    await expect(valid).toContainText('Gegenzeichnung unabhängiger Zeugen (veröffentlichte Regel): bestanden');
    await expect(valid).toContainText(/Gegengezeichnet von witness-1\.e2e\.example \(.*\), witness-2\.e2e\.example \(/);
    await expectNoAxeViolations(visitor);
    await visitor.getByRole('button', { name: 'English' }).click();
    await visitor.getByLabel('Paste the receipt').fill(text);
    await visitor.getByRole('button', { name: 'Check receipt' }).click();
    await expect(visitor.getByRole('status').filter({ hasText: 'The receipt is genuine.' })).toContainText(
      'Cosigned by independent witnesses (published policy): passed',
    );
    await expectNoAxeViolations(visitor);
    await visitorContext.close();
    await context.close();
  });
});
