import type { Browser } from '@playwright/test';
import { expect, test } from '../fixtures';
import { tryPassword } from '../admin/admin-helpers';
import { type TAppOnOwnDatabase, startAppOnOwnDatabase } from '../operations/app-on-own-database';

// Which network a sign-in attempt counts against is decided by the gateway's own server from the TCP
// peer and TRUSTED_PROXIES (docs/decisions/0046): a client's X-Forwarded-For or X-Real-IP moves nothing,
// and a malformed header never leaves an attempt without a network.
const PORT = Number(process.env.E2E_PORT ?? 3211) + 40;

test.describe.configure({ mode: 'serial' });

/** One failed sign-in with these headers; the network it was counted under. */
async function failedSignInFrom(browser: Browser, own: TAppOnOwnDatabase, headers: Record<string, string>): Promise<string | null> {
  const context = await browser.newContext({ baseURL: own.app.baseURL, extraHTTPHeaders: headers });
  const page = await context.newPage();
  await tryPassword(page, `niemand.${Math.random().toString(36).slice(2, 10)}`, 'Falsch-2026!');
  await expect(page.getByText('Die Anmeldung ist fehlgeschlagen').first()).toBeVisible();
  await context.close();
  const rows = await own.database.prisma.loginFailure.findMany({ select: { ipPseudonym: true }, orderBy: { id: 'desc' }, take: 1 });
  return rows[0]!.ipPseudonym;
}

test('reached directly, the app counts every attempt against the TCP peer, whatever the request claims', async ({ browser }) => {
  test.setTimeout(150_000);
  const own = await startAppOnOwnDatabase('address_direct', PORT);
  try {
    const plain = await failedSignInFrom(browser, own, {});
    expect(plain).toMatch(/^net:[0-9a-f]{20}$/);
    expect(await failedSignInFrom(browser, own, { 'x-forwarded-for': '198.51.100.7' })).toBe(plain);
    expect(await failedSignInFrom(browser, own, { 'x-real-ip': '203.0.113.9' })).toBe(plain);
    expect(await failedSignInFrom(browser, own, { 'x-forwarded-for': 'not-an-address' })).toBe(plain);
  } finally {
    await own.stop();
  }
});

test('behind a trusted proxy, the address it appended counts; a malformed one counts against the proxy', async ({ browser }) => {
  test.setTimeout(150_000);
  const own = await startAppOnOwnDatabase('address_proxied', PORT + 1, { TRUSTED_PROXIES: '127.0.0.1, ::1' });
  try {
    const proxy = await failedSignInFrom(browser, own, {});
    const first = await failedSignInFrom(browser, own, { 'x-forwarded-for': '6.6.6.6, 198.51.100.7' });
    const second = await failedSignInFrom(browser, own, { 'x-forwarded-for': '198.51.101.7' });
    expect(new Set([proxy, first, second]).size).toBe(3);
    // The client's own entry on the left is no hop a proxy vouched for.
    expect(await failedSignInFrom(browser, own, { 'x-forwarded-for': '6.6.6.7, 198.51.100.8' })).toBe(first);
    expect(await failedSignInFrom(browser, own, { 'x-forwarded-for': 'not-an-address' })).toBe(proxy);
  } finally {
    await own.stop();
  }
});
