import { createAccount } from '@/prisma/seed/factories';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';
import { testSecondFactor } from '@/tests/scenario';

test('an officer takes a violation case, cannot close it without a finding, closes it with one; the overview counts it', async ({
  page,
  database,
  scenario,
}) => {
  // As the LiveKit webhook raises it (server/call/livekit-webhook.ts).
  const raised = await database.prisma.violation.create({
    data: { consultationId: scenario.onOwn.id, kind: 'RECORDING_WITHOUT_CONSENT', externalRef: `EG_e2e_${Date.now()}` },
    select: { id: true },
  });
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.case.${Date.now()}`,
    displayName: 'Prüferin Fall',
    password: 'Test-Passwort-123',
    secondFactor: testSecondFactor(),
  });
  await loginAs(page, officer.loginName);
  await expect(page.getByTestId('open-cases')).toContainText(/offene(r Verstoßfall| Verstoßfälle)/);
  await page
    .getByRole('region', { name: 'Offene Verstöße' })
    .getByRole('link', { name: `Fall zum Termin ${scenario.onOwn.id} öffnen` })
    .click();
  await expect(page.getByTestId('case')).toContainText('Aufzeichnung ohne Einwilligung');
  await expect(page.getByTestId('case')).toContainText('offen');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: 'Fall übernehmen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sie prüfen diesen Fall jetzt.' })).toBeVisible();
  await expect(page.getByTestId('case')).toContainText('Prüferin Fall');

  await page.getByRole('button', { name: 'Fall abschließen' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Der Fall wurde nicht abgeschlossen' })).toContainText('mindestens 10 Zeichen');
  await expectNoAxeViolations(page);
  await page.getByLabel('Ergebnis der Prüfung').fill('Egress ohne Einwilligung durch Fehlkonfiguration; Konfiguration korrigiert.');
  await page.getByRole('button', { name: 'Fall abschließen' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Der Fall ist abgeschlossen.' })).toBeVisible();
  await expect(page.getByTestId('case')).toContainText('Fehlkonfiguration; Konfiguration korrigiert.');
  await expect(page.getByRole('button', { name: 'Fall abschließen' })).toHaveCount(0);

  const closed = await database.prisma.violation.findUniqueOrThrow({
    where: { id: raised.id },
    select: { status: true, closedById: true },
  });
  expect(closed).toEqual({ status: 'CLOSED', closedById: officer.id });

  // The same page in English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Violation case' })).toBeVisible();
  await expect(page.getByTestId('case')).toContainText('closed');
  await expectNoAxeViolations(page);
  await page.goto('/compliance');
  await expect(page.getByRole('heading', { name: 'Compliance – overview' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Deutsch' }).click();
});
