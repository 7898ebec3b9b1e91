import { expect, test } from '../fixtures';

test('malformed URLs and oversized posts get a 4xx, never a 500', async ({ request, baseURL }) => {
  for (const path of ['/member/consultations/%ZZ', '/member/consultations/%E0%A4%A', '/api/consultations/%ZZ/join']) {
    expect((await request.get(path)).status(), path).toBe(400);
  }
  for (const path of ['/api/consultations/%ZZ/decision', '/api/consultations/%E0%A4%A/decision']) {
    expect((await request.post(path, { headers: { origin: baseURL! }, form: { intent: 'consent' } })).status(), path).toBe(400);
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

  // The consent decision: signed out, a form post is sent to sign in; a script gets 401.
  const decision = '/api/consultations/whatever/decision';
  expect((await request.get(decision)).status()).toBe(405);
  const signedOut = await request.post(decision, { headers: { origin: baseURL! }, form: { intent: 'consent' }, maxRedirects: 0 });
  expect(signedOut.status()).toBe(303);
  expect(signedOut.headers().location).toBe('/login');
  expect(
    (await request.post(decision, { headers: { origin: baseURL!, accept: 'application/json' }, form: { intent: 'consent' } })).status(),
  ).toBe(401);

  // LiveKit's webhook: no session, so the signature is all; anything else is a 4xx.
  const webhook = '/api/video/livekit/webhook';
  expect((await request.get(webhook)).status()).toBe(405);
  expect((await request.post(webhook, { headers: { 'content-type': 'text/plain' }, data: '{}' })).status()).toBe(415);
  expect(
    (await request.post(webhook, { headers: { 'content-type': 'application/webhook+json' }, data: 'x'.repeat(70_000) })).status(),
  ).toBe(413);
  expect(
    (
      await request.post(webhook, { headers: { 'content-type': 'application/webhook+json', authorization: 'x.y.z' }, data: '{"id":1' })
    ).status(),
  ).toBe(401);
});
