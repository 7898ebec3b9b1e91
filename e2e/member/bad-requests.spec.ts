import { expect, test } from '../fixtures';

test('malformed URLs and oversized posts get a 4xx, never a 500', async ({ request, baseURL }) => {
  for (const path of ['/member/consultations/%ZZ', '/member/consultations/%E0%A4%A', '/api/consultations/%ZZ/join']) {
    expect((await request.get(path)).status(), path).toBe(400);
  }
  const huge = await request.post('/login', {
    headers: { origin: baseURL! },
    multipart: { identifier: 'x'.repeat(200_000), password: 'y' },
  });
  expect(huge.status()).toBe(413);
  const unknownAction = await request.post('/login', {
    headers: { origin: baseURL!, 'next-action': '00deadbeef', 'content-type': 'text/plain;charset=UTF-8' },
    data: '[]',
  });
  expect(unknownAction.status()).toBeLessThan(500);
  expect((await request.get('/api/consultations/whatever/join')).status()).toBe(405);
  expect((await request.post('/api/consultations/whatever/join', { headers: { origin: baseURL! } })).status()).toBe(401);
});
