import { randomInt } from 'node:crypto';
import { type Browser, type Page, expect } from '@playwright/test';
import { createAccount } from '@/prisma/seed/factories';
import type { TOpenDatabase } from '@/server/db/client';
import { TEST_PASSWORD, testSecondFactor } from '@/tests/scenario';

/** A fresh administrator for one test (no shared admin: tests change accounts). */
export async function createAdmin(database: TOpenDatabase) {
  return createAccount(database.prisma, {
    kind: 'ADMIN',
    loginName: `admin.${randomInt(1e9).toString(36)}`,
    displayName: `Adele Admin ${randomInt(1e6)}`,
    password: TEST_PASSWORD,
    secondFactor: testSecondFactor(),
  });
}

/**
 * A browser context from a network of its own (X-Forwarded-For, believed from the test browser: the e2e
 * server trusts loopback as its balancer): the failed sign-ins a test makes on purpose count neither against
 * the suite's shared per-network limit nor against another test's network.
 */
export async function contextFromOwnNetwork(browser: Browser, options: { javaScriptEnabled?: boolean; network?: string } = {}) {
  const { network = randomNetwork(), ...contextOptions } = options;
  return browser.newContext({ ...contextOptions, extraHTTPHeaders: { 'x-forwarded-for': network } });
}

/**
 * An address in a network of its own for contextFromOwnNetwork; two devices on one network share one. IPv6
 * documentation space (RFC 3849), a random /48 each: the gateway knows networks by /24 and /48 only.
 */
export function randomNetwork(): string {
  return `2001:db8:${randomInt(0, 0x10000).toString(16)}::${randomInt(1, 0x10000).toString(16)}`;
}

export async function tryPassword(page: Page, loginName: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(loginName);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
}

/** On the page after signing in with an initial password: set one's own. */
export async function setOwnPassword(page: Page, initial: string, chosen: string) {
  await expect(page.getByRole('heading', { name: 'Eigenes Passwort festlegen' })).toBeVisible();
  await page.getByLabel('Bisheriges Passwort').fill(initial);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(chosen);
  await page.getByLabel('Neues Passwort wiederholen').fill(chosen);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
}
