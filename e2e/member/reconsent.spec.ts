import { publishDisclosure } from '@/prisma/seed/factories';
import { SELF_HOSTED_DISCLOSURE } from '@/prisma/seed/disclosure-texts';
import { createScenario, createServices } from '@/tests/scenario';
import { expect, expectNoAxeViolations, loggedEvents, loginAs, test } from '../fixtures';

test('a newer disclosure: the consent is outdated, the member sees what changed, consents again and may join', async ({
  page,
  database,
  baseURL,
}) => {
  // Services of this test alone: publishing changes what every consultation on them shows.
  const scenario = await createScenario(database.prisma, await createServices(database.prisma));
  await loginAs(page, scenario.member.loginName);
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  await expect(page.getByTestId('disclosure-diff')).toHaveCount(0);

  // Compliance publishes version 2 (written directly, as the seed factories do): a paragraph edited,
  // a list item added, one paragraph dropped.
  const v1 = SELF_HOSTED_DISCLOSURE.de;
  const body = v1.body
    .replace('in Rechenzentren in Deutschland', 'in einem Rechenzentrum in Frankfurt am Main')
    .replace('- Eine sichere Verbindung', '- Wer Ihr Passwort kennt, kann sich als Sie ausgeben.\n- Eine sichere Verbindung')
    .replace('Eine Aufzeichnung gibt es nur, wenn Sie ihr gesondert zustimmen.\n\n', '');
  await publishDisclosure(database.prisma, { videoServiceId: scenario.services.own.id, language: 'de', title: v1.title, body });

  await page.reload();
  await expect(page.getByText('Seit Ihrer Einwilligung wurde eine neue Fassung der Hinweise veröffentlicht.')).toBeVisible();
  const diff = page.getByRole('region', { name: 'Was sich geändert hat' });
  await expect(diff).toContainText('Sie hatten den Hinweisen in Fassung 1 zugestimmt');
  await expect(diff).toContainText('Jetzt gilt Fassung 2');
  // Changes are labelled in words, and marked as deleted and inserted text, not only by colour.
  await expect(diff.locator('p', { hasText: 'Entfernt:' }).filter({ hasText: 'Der Videodienst' }).locator('del')).toHaveText(
    'Rechenzentren in Deutschland',
  );
  await expect(diff.locator('p', { hasText: 'Neu:' }).filter({ hasText: 'Der Videodienst' }).locator('ins')).toHaveText(
    'einem Rechenzentrum in Frankfurt am Main',
  );
  await expect(diff.locator('p', { hasText: 'Neu:' }).filter({ hasText: 'Passwort' }).locator('ins')).toHaveText(
    'Wer Ihr Passwort kennt, kann sich als Sie ausgeben.',
  );
  await expect(diff.locator('p', { hasText: 'Entfernt:' }).filter({ hasText: 'Aufzeichnung' }).locator('del')).toHaveText(
    'Eine Aufzeichnung gibt es nur, wenn Sie ihr gesondert zustimmen.',
  );
  // Above the new text and the form.
  const diffBox = (await diff.boundingBox())!;
  const formBox = (await page.locator('form[action$="/decision"]').boundingBox())!;
  expect(diffBox.y).toBeLessThan(formBox.y);
  await expectNoAxeViolations(page);

  const origin = baseURL!;
  expect((await page.request.post(`/api/consultations/${scenario.onOwn.id}/join`, { headers: { origin }, maxRedirects: 0 })).status()).toBe(
    403,
  );

  // The history says so too, and leads back here.
  await page.goto('/member/consents');
  const own = page.getByRole('region', { name: 'Rehabilitation' });
  await expect(own.getByText('Neue Fassung – bitte neu entscheiden')).toBeVisible();
  await own.getByRole('link', { name: 'Neue Fassung lesen und neu entscheiden' }).click();

  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, ohne Aufzeichnung')).toBeVisible();
  await expect(page.getByTestId('disclosure-diff')).toHaveCount(0);
  const joined = await page.request.post(`/api/consultations/${scenario.onOwn.id}/join`, { headers: { origin }, maxRedirects: 0 });
  expect(joined.status()).toBe(303);
  expect(joined.headers().location).toBe(`https://video.kasse.example/${scenario.onOwn.room}`);
  expect(await loggedEvents(database, scenario.onOwn.id)).toEqual([
    'consent.given',
    'call.join_denied',
    'consent.given',
    'call.join_allowed',
  ]);
  const decisions = await database.prisma.consentDecision.findMany({
    where: { consultationId: scenario.onOwn.id },
    orderBy: { logQueueId: 'asc' },
    select: { disclosureVersion: { select: { version: true } } },
  });
  expect(decisions.map((d) => d.disclosureVersion.version)).toEqual([1, 2]);
});
