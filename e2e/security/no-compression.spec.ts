import { expect, test } from '../fixtures';

// BREACH: an answer that may show a secret next to text a visitor chose is never compressed; the build's
// static files (immutable, public) are (0045).
test('pages and handlers are never compressed, whatever the browser accepts; static scripts are', async ({ request }) => {
  const headers = { 'accept-encoding': 'gzip, deflate, br' };
  const page = await request.get('/login', { headers });
  expect(page.status()).toBe(200);
  expect(page.headers()['content-encoding']).toBeUndefined();
  const handler = await request.get('/api/log/checkpoints', { headers });
  expect(handler.status()).toBe(200);
  expect(handler.headers()['content-encoding']).toBeUndefined();
  const script = /\/_next\/static\/[^"']+\.js/.exec(await page.text())?.[0];
  expect(script, 'the sign-in page loads a script from /_next/static/').toBeTruthy();
  const file = await request.get(script!, { headers });
  expect(file.status()).toBe(200);
  expect(file.headers()['content-encoding']).toBe('gzip');
});
