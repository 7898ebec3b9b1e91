import { publishDisclosure } from '@/prisma/seed/factories';
import { SELF_HOSTED_DISCLOSURE } from '@/prisma/seed/disclosure-texts';
import { createScenario, createServices } from '@/tests/scenario';
import { expect, loginAs, test } from '../fixtures';

// Throwaway: screenshots for review, not committed.
test('screens', async ({ page, database }) => {
  const scenario = await createScenario(database.prisma, await createServices(database.prisma));
  await loginAs(page, scenario.member.loginName);
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);
  await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
  await page.getByLabel('Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.').check();
  await page.getByRole('button', { name: 'Einwilligen und per Video beraten lassen' }).click();
  await expect(page.getByText('Eingewilligt, mit Aufzeichnung')).toBeVisible();
  await page.goto('/member/consents');
  await page.getByRole('region', { name: 'Rehabilitation' }).getByRole('button', { name: 'Nur die Aufzeichnung widerrufen' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await page.screenshot({ path: '/tmp/shots/history.png', fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: '/tmp/shots/history-320.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/member/consents/summary');
  await page.screenshot({ path: '/tmp/shots/summary.png', fullPage: true });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: '/tmp/shots/summary-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  const v1 = SELF_HOSTED_DISCLOSURE.de;
  const body = v1.body
    .replace('in Rechenzentren in Deutschland', 'in einem Rechenzentrum in Frankfurt am Main')
    .replace('- Eine sichere Verbindung', '- Wer Ihr Passwort kennt, kann sich als Sie ausgeben.\n- Eine sichere Verbindung')
    .replace('Eine Aufzeichnung gibt es nur, wenn Sie ihr gesondert zustimmen.\n\n', '');
  await publishDisclosure(database.prisma, { videoServiceId: scenario.services.own.id, language: 'de', title: v1.title, body });
  await page.goto(`/member/consultations/${scenario.onOwn.id}`);
  await page.screenshot({ path: '/tmp/shots/reconsent.png', fullPage: true });
  await page.getByRole('region', { name: 'Was sich geändert hat' }).screenshot({ path: '/tmp/shots/diff.png' });
  await page.goto('/member');
  await page.screenshot({ path: '/tmp/shots/dashboard.png' });
});
