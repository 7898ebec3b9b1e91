import { expect, test } from '../fixtures';

// BREACH: a page that shows a secret next to text a visitor chose must not be compressed (0045).
test('no answer is compressed, neither a page nor a static script, whatever the browser accepts', async ({ request }) => {
  const headers = { 'accept-encoding': 'gzip, deflate, br' };
  const page = await request.get('/login', { headers });
  expect(page.status()).toBe(200);
  expect(page.headers()['content-encoding']).toBeUndefined();
  const script = /\/_next\/static\/[^"']+\.js/.exec(await page.text())?.[0];
  expect(script, 'the sign-in page loads a script from /_next/static/').toBeTruthy();
  const file = await request.get(script!, { headers });
  expect(file.status()).toBe(200);
  expect(file.headers()['content-encoding']).toBeUndefined();
});
