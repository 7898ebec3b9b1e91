import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const base = 'http://localhost:3000';
const login = async (page, user, pw) => {
  await page.goto(base + '/login');
  await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill(user);
  await page.getByLabel('Passwort', { exact: true }).fill(pw);
  await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForLoadState('networkidle');
};
// The demo member consents first, so the timeline has a story.
const m = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await login(m, 'A123456780', 'Beratung-2026!');
console.log('member at', m.url());
const link = m.locator('a[href^="/member/consultations/"]').last();
if (await link.count()) { await link.click(); await m.waitForLoadState('networkidle'); }
console.log('member page', m.url());
for (const box of await m.getByRole('checkbox').all()) { const label = await box.evaluate((b) => b.labels?.[0]?.textContent ?? ''); if (!/aufgezeichnet/.test(label)) await box.check(); }
const consent = m.getByRole('button', { name: /Einwilligen/ });
if (await consent.count()) { await consent.click(); await m.waitForLoadState('networkidle'); }
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const shot = async (name) => { await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true }); console.log(name, page.url()); };
await login(page, 'k.schmidt', 'Beratung-2026!');
await page.goto(base + '/compliance/log');
await page.getByLabel('Versichertennummer oder Betriebsnummer').fill('A123456780');
await page.getByRole('button', { name: 'Einträge der Person anzeigen' }).click();
await page.waitForLoadState('networkidle'); await shot('log-member');
const tl = page.getByRole('link', { name: /Verlauf des Termins/ }).first();
if (await tl.count()) { await tl.click(); await page.waitForLoadState('networkidle'); await shot('timeline'); }
const dl = page.getByRole('link', { name: 'Text so ansehen, wie er gezeigt wurde' }).first();
if (await dl.count()) { await dl.click(); await page.waitForLoadState('networkidle'); await shot('disclosure'); }
await page.goto(base + '/compliance'); await shot('overview');
await page.goto(base + '/compliance/disclosures'); await shot('disclosures');
await page.goto(base + '/compliance/services'); await shot('services');
await page.getByRole('button', { name: 'English' }).click(); await page.waitForLoadState('networkidle');
await page.goto(base + '/compliance/log'); await shot('log-en');
await page.setViewportSize({ width: 320, height: 800 });
await page.goto(base + '/compliance'); await shot('overview-320');
await browser.close();
