import { createAccount } from '@/prisma/seed/factories';
import { expect, loginAs, test } from '../fixtures';
import { testSecondFactor } from '@/tests/scenario';

test.use({ javaScriptEnabled: false });

test("the compliance officer's forms work without JavaScript: lookup, filter, export, closing a case", async ({
  page,
  database,
  scenario,
}) => {
  const officer = await createAccount(database.prisma, {
    kind: 'COMPLIANCE',
    loginName: `officer.nojs.${Date.now()}`,
    displayName: 'Prüfer ohne JS',
    password: 'Test-Passwort-123',
    secondFactor: testSecondFactor(),
  });
  const raised = await database.prisma.violation.create({
    data: { consultationId: scenario.onOwn.id, kind: 'RECORDING_WITHOUT_CONSENT', externalRef: `EG_nojs_${Date.now()}` },
    select: { id: true },
  });
  await loginAs(page, officer.loginName);

  await page.goto('/compliance/log');
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill('A12');
  await page.getByRole('button', { name: 'Einträge der Person anzeigen' }).click();
  await expect(page.getByText('Das ist keine gültige Versicherten- oder Betriebsnummer')).toBeVisible();
  await page.getByLabel('Versichertennummer oder Betriebsnummer').fill(scenario.member.loginName);
  await page.getByRole('button', { name: 'Einträge der Person anzeigen' }).click();
  await expect(page.getByTestId('member-filter')).toBeVisible();

  await page.getByLabel('Ereignis').selectOption({ label: 'Compliance: Person gesucht' });
  await page.getByRole('button', { name: 'Suchen' }).click();
  await expect(page.getByTestId('log-results').getByRole('row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Export anlegen' }).click();
  await expect(page.getByRole('heading', { name: 'Export', exact: true })).toBeVisible();

  await page.goto(`/compliance/violations/${raised.id}`);
  await page.getByRole('button', { name: 'Fall abschließen' }).click();
  await expect(page.getByText('Bitte beschreiben Sie das Ergebnis (mindestens 10 Zeichen).').first()).toBeVisible();
  await page.getByLabel('Ergebnis der Prüfung').fill('Ohne JavaScript geprüft und abgeschlossen.');
  await page.getByRole('button', { name: 'Fall abschließen' }).click();
  await expect(page.getByText('Der Fall ist abgeschlossen.')).toBeVisible();
});
