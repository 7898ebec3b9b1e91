import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
const base = 'http://localhost:3000';
await page.goto(base + '/login');
await page.getByLabel(/Versichertennummer|Benutzername|Anmeldename/).first().fill('k.schmidt');
await page.getByLabel('Passwort').fill('Beratung-2026!');
await page.getByRole('button', { name: 'Anmelden' }).click();
await page.waitForLoadState('networkidle');
console.log('after login', page.url());
const shot = async (name) => { await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true }); console.log(name, page.url()); };
await shot('overview');
await page.goto(base + '/compliance/log'); await shot('log');
await page.getByLabel('Versichertennummer oder Betriebsnummer').fill('A123456780');
await page.getByLabel('Anlass (freiwillig)').first().fill('Test 1');
await page.getByRole('button', { name: 'Einträge der Person anzeigen' }).click();
await page.waitForLoadState('networkidle'); await shot('log-member');
const link = page.getByRole('link', { name: /Verlauf des Termins/ }).first();
if (await link.count()) { await link.click(); await page.waitForLoadState('networkidle'); await shot('timeline'); }
const dl = page.getByRole('link', { name: 'Text so ansehen, wie er gezeigt wurde' }).first();
if (await dl.count()) { await dl.click(); await page.waitForLoadState('networkidle'); await shot('disclosure'); }
await page.goto(base + '/compliance/log'); 
await page.getByRole('button', { name: 'Export anlegen' }).click();
await page.waitForLoadState('networkidle'); await page.waitForTimeout(1500); await page.reload(); await shot('export');
await page.goto(base + '/compliance/violations'); await shot('violations');
await page.goto(base + '/compliance/verify'); await shot('verify');
await page.goto(base + '/compliance/log?from=2026-13-01&consultation=xyz'); await shot('log-bad');
await browser.close();
