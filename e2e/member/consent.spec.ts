import { expectNoAxeViolations, expect, loggedEvents, loginAs, test } from '../fixtures';

test.describe('member consent flow', () => {
  test('consents without recording on a third-country service and joins in a new tab', async ({ page, scenario, database }) => {
    await loginAs(page, scenario.member.loginName);
    await expect(page.getByRole('heading', { name: 'Ihre Termine' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Krankengeld' }).click();

    await expect(page.getByRole('heading', { name: 'Risiken der Videoberatung über Vidario' })).toBeVisible();
    const transmission = page.getByLabel(/Sozialdaten – auch Gesundheitsdaten – in diesem Beratungsgespräch über Vidario/);
    const transfer = page.getByLabel(/außerhalb der EU und des EWR übermittelt/);
    const recording = page.getByLabel('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.');
    for (const box of [transmission, transfer, recording]) await expect(box).not.toBeChecked();
    await expect(page.getByText('Sie können Ihre Einwilligung jederzeit widerrufen: auf dieser Seite')).toBeVisible();
    await expectNoAxeViolations(page);

    // Consenting with only the first box is not enough for a service that processes data abroad.
    await transmission.check();
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText('Übermittlung außerhalb der EU');
    await expect(transmission).toBeChecked();
    await expectNoAxeViolations(page);
    expect(await loggedEvents(database, scenario.onThirdParty.id), 'log entries of the consultation').toEqual([]);

    await transfer.check();
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Ihre Einwilligung ist gespeichert.' })).toBeVisible();
    await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
    await expect(page.getByText('Aufzeichnung: nicht erlaubt')).toBeVisible();
    await expectNoAxeViolations(page);

    const popupPromise = page.waitForEvent('popup');
    // The form opens a new tab, so the answer arrives there: listen on the whole browser context.
    const joinResponse = page
      .context()
      .waitForEvent('response', (r) => r.url().endsWith(`/api/consultations/${scenario.onThirdParty.id}/join`));
    await page.getByRole('button', { name: 'Videogespräch beitreten' }).click();
    const response = await joinResponse;
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe(`https://join.vidario.example/${scenario.onThirdParty.room}`);
    await (await popupPromise).close();
    // The gateway page stays open with its withdraw button.
    await expect(page.getByRole('button', { name: 'Einwilligung widerrufen' })).toBeVisible();

    expect(await loggedEvents(database, scenario.onThirdParty.id), 'log entries of the consultation').toEqual([
      'consent.given',
      'call.join_allowed',
    ]);
    const decision = await database.prisma.consentDecision.findFirstOrThrow({ where: { consultationId: scenario.onThirdParty.id } });
    expect(decision).toMatchObject({ outcome: 'GIVEN', transmission: true, thirdCountryTransfer: true, recording: false });
  });

  test('opts in to recording, withdraws recording during the call, then withdraws everything', async ({ page, scenario, database }) => {
    await loginAs(page, scenario.member.loginName);
    await page.goto(`/member/consultations/${scenario.onOwn.id}`);
    await expect(page.getByText(/außerhalb der EU und des EWR übermittelt/)).toHaveCount(0);
    await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
    await page.getByLabel('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.').check();
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByText('Eingewilligt, mit Aufzeichnung')).toBeVisible();

    await page.getByRole('button', { name: 'Nur die Aufzeichnung widerrufen' }).click();
    await expect(page.getByText('Ihr Widerruf der Aufzeichnung ist gespeichert.')).toBeVisible();
    await expect(page.getByText('Eingewilligt, Aufzeichnung widerrufen')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Videogespräch beitreten' })).toBeVisible();

    await page.getByRole('button', { name: 'Einwilligung widerrufen' }).click();
    await expect(page.getByText('Ihr Widerruf ist gespeichert.')).toBeVisible();
    await expect(page.locator('.status[data-status="withdrawn"]')).toContainText('Widerrufen');
    await expect(page.getByRole('button', { name: 'Videogespräch beitreten' })).toHaveCount(0);
    await expectNoAxeViolations(page);

    expect(await loggedEvents(database, scenario.onOwn.id), 'log entries of the consultation').toEqual([
      'consent.given',
      'consent.recording_withdrawn',
      'consent.withdrawn',
    ]);
  });

  test('declines with the phone alternative, as easily as consenting', async ({ page, browser, scenario, database }) => {
    await loginAs(page, scenario.member.loginName);
    await page.goto(`/member/consultations/${scenario.onThirdParty.id}`);
    const consent = page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' });
    const refuse = page.getByRole('button', { name: 'Nicht einwilligen – telefonisch beraten lassen' });
    // Same look, no nudge: both buttons carry the same classes.
    expect(await refuse.getAttribute('class')).toBe(await consent.getAttribute('class'));
    // The phone consultation needs a number to call.
    await refuse.click();
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Bitte geben Sie eine Telefonnummer an',
    );
    await expectNoAxeViolations(page);
    // Enter in the number field decides nothing, even with a consent box ticked: only a button decides.
    await page.getByLabel(/Sozialdaten – auch Gesundheitsdaten – in diesem Beratungsgespräch über Vidario/).check();
    await page.getByLabel('Ihre Telefonnummer für den Rückruf').fill('030 123 45 67');
    await page.getByLabel('Ihre Telefonnummer für den Rückruf').press('Enter');
    await refuse.click();
    await expect(page.getByText('Ihre Entscheidung ist gespeichert. Wir rufen Sie zur vereinbarten Zeit an.')).toBeVisible();
    await expect(page.getByText('Wir rufen Sie zur vereinbarten Zeit unter 030 1234567 an.')).toBeVisible();
    // At the same moment the consultation is a phone task on the advisor's list.
    const advisor = await browser.newContext();
    const advisorPage = await advisor.newPage();
    await loginAs(advisorPage, scenario.advisor.loginName);
    await expect(advisorPage.getByRole('row', { name: /Krankengeld/ })).toContainText('Rückruf: 030 1234567');
    await advisor.close();
    await expect(page.getByText('Abgelehnt – Telefonberatung')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Videogespräch beitreten' })).toHaveCount(0);
    expect(await loggedEvents(database, scenario.onThirdParty.id), 'log entries of the consultation').toEqual(['consent.refused']);
    const decision = await database.prisma.consentDecision.findFirstOrThrow({ where: { consultationId: scenario.onThirdParty.id } });
    expect(decision).toMatchObject({ outcome: 'REFUSED', transmission: false, recording: false, alternative: 'phone' });
    // Deciding again after a refusal offers consent, not the same refusal a second time.
    await expect(page.getByRole('heading', { name: 'Doch per Video beraten lassen?' })).toBeVisible();
    // The form's heading no longer repeats the status card's "Ihre Entscheidung".
    await expect(page.getByRole('heading', { name: 'Ihre neue Entscheidung' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Ihre Entscheidung', exact: true })).toHaveCount(1);
    await expect(refuse).toHaveCount(0);
    await page.getByLabel(/in diesem Beratungsgespräch über Vidario übertragen werden/).check();
    await page.getByLabel(/in Länder außerhalb der EU und des EWR übermittelt werden/).check();
    await consent.click();
    // The summary lists every choice made, the transfer abroad among them.
    const status = page.getByRole('region', { name: 'Ihre Entscheidung' });
    await expect(status.getByRole('listitem')).toContainText([
      /^Entschieden am /,
      'Übertragung Ihrer Sozialdaten im Gespräch über Vidario: eingewilligt',
      'Übermittlung in ein Land außerhalb der EU und des EWR: eingewilligt',
      'Aufzeichnung: nicht erlaubt',
      /^Grundlage: /,
    ]);
  });

  test('when the background request fails, the form falls back to the plain post and the decision is saved', async ({
    page,
    scenario,
    database,
  }) => {
    await loginAs(page, scenario.member.loginName);
    // The script's request (it asks for JSON) breaks down; the browser's own form post goes through.
    let broken = 0;
    await page.route('**/decision', (route) => {
      if (!(route.request().headers().accept ?? '').includes('application/json')) return route.continue();
      broken += 1;
      return route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' });
    });
    await page.goto(`/member/consultations/${scenario.onThirdParty.id}`);
    await page.getByLabel('Ihre Telefonnummer für den Rückruf').fill('+49 30 1234567');
    await page.getByRole('button', { name: 'Nicht einwilligen – telefonisch beraten lassen' }).click();
    await expect(page.getByText('Abgelehnt – Telefonberatung')).toBeVisible();
    expect(broken, 'background requests that failed').toBe(1);
    expect(await loggedEvents(database, scenario.onThirdParty.id)).toEqual(['consent.refused']);
  });

  test('refuses to join without consent: 403 with the reason, and logs the attempt', async ({ page, scenario, database, baseURL }) => {
    await loginAs(page, scenario.member.loginName);
    const response = await page.request.post(`/api/consultations/${scenario.onThirdParty.id}/join`, {
      headers: { origin: baseURL! },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const html = await response.text();
    expect(html).toContain('Sie haben noch nicht in die Videoberatung eingewilligt.');
    expect(html).toContain('Der Versuch wurde protokolliert.');
    expect(await loggedEvents(database, scenario.onThirdParty.id), 'log entries of the consultation').toEqual(['call.join_denied']);
    const deniedPage = await page.context().newPage();
    await deniedPage.setContent(html);
    await expectNoAxeViolations(deniedPage);
    await deniedPage.close();

    const crossSite = await page.request.post(`/api/consultations/${scenario.onThirdParty.id}/join`, {
      headers: { origin: 'https://evil.example' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    expect(await loggedEvents(database, scenario.onThirdParty.id), 'log entries of the consultation').toEqual(['call.join_denied']);
  });

  test("shows 404 for another member's consultation", async ({ page, scenario, database, services }) => {
    const { createScenario } = await import('@/tests/scenario');
    const other = await createScenario(database.prisma, services);
    await loginAs(page, scenario.member.loginName);
    const response = await page.goto(`/member/consultations/${other.onOwn.id}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Seite nicht gefunden' })).toBeVisible();
    expect((await page.goto('/member/consultations/not-a-uuid'))?.status()).toBe(404);
  });

  test('asks again when the disclosure text changed while the member was reading', async ({ page, scenario, database }) => {
    const { publishDisclosure } = await import('@/prisma/seed/factories');
    await loginAs(page, scenario.member.loginName);
    await page.goto(`/member/consultations/${scenario.onOwn.id}`);
    const oldHash = await page.getByTestId('disclosure-hash').textContent();
    await publishDisclosure(database.prisma, {
      videoServiceId: scenario.services.own.id,
      language: 'de',
      title: 'Videoberatung über den Videodienst der Kasse',
      body: `Neue Fassung ${Date.now()}: Der Videodienst wird von uns selbst betrieben.`,
    });
    await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByText('Der Text der Hinweise hat sich geändert')).toBeVisible();
    await expect(page.getByTestId('disclosure-hash')).not.toHaveText(oldHash!);
    expect(await loggedEvents(database, scenario.onOwn.id), 'log entries of the consultation').toEqual([]);
  });
});

test.describe('tampered consent forms', () => {
  test('a forged served token or an address of another consultation is refused with a message, and nothing is saved', async ({
    page,
    scenario,
    database,
    services,
  }) => {
    const { createScenario } = await import('@/tests/scenario');
    const other = await createScenario(database.prisma, services);
    await loginAs(page, scenario.member.loginName);
    await page.goto(`/member/consultations/${scenario.onOwn.id}`);
    await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();

    await page.locator('input[name="servedToken"]').evaluate((input: HTMLInputElement) => {
      input.value = `${input.value.split('.')[0]!}.AAAA`;
    });
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Diese Seite ist abgelaufen oder war nicht gültig.',
    );

    await page.reload();
    await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
    // The page's form posted to another member's consultation.
    await page.locator('form:has(input[name="servedToken"])').evaluate((form: HTMLFormElement, id) => {
      form.action = `/api/consultations/${id}/decision`;
    }, other.onOwn.id);
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Diese Seite ist abgelaufen oder war nicht gültig.',
    );

    await page.locator('form:has(input[name="servedToken"])').evaluate((form: HTMLFormElement) => {
      form.action = `/api/consultations/${'x'.repeat(500)}/decision`;
    });
    await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
    await expect(page.getByRole('alert', { name: 'Bitte prüfen Sie Ihre Eingaben' })).toContainText(
      'Die Angaben konnten nicht gelesen werden.',
    );

    // A valid page posted from another site (cross-site request forgery) is refused too.
    const servedToken = await page.locator('input[name="servedToken"]').inputValue();
    const crossSite = await page.request.post(`/api/consultations/${scenario.onOwn.id}/decision`, {
      headers: { origin: 'https://evil.example' },
      form: { servedToken, intent: 'consent', transmission: 'yes' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(303);
    expect(crossSite.headers().location).toBe(`/member/consultations/${scenario.onOwn.id}?error=invalid#error-summary-title`);

    // Oversized or otherwise encoded bodies are refused before they are parsed.
    const decisionUrl = `/api/consultations/${scenario.onOwn.id}/decision`;
    const sameSite = { origin: new URL(page.url()).origin };
    const oversized = await page.request.post(decisionUrl, {
      headers: sameSite,
      form: { servedToken, intent: 'consent', padding: 'x'.repeat(100_000) },
    });
    expect(oversized.status()).toBe(413);
    const asJson = await page.request.post(decisionUrl, { headers: sameSite, data: { servedToken, intent: 'consent' } });
    expect(asJson.status()).toBe(415);

    expect(await loggedEvents(database, scenario.onOwn.id), 'log entries of the consultation').toEqual([]);
    expect(await loggedEvents(database, other.onOwn.id), 'log entries of the consultation').toEqual([]);
    expect(await database.prisma.consentDecision.count({ where: { memberId: scenario.member.id } })).toBe(0);
  });
});
