import { expect, test } from '@playwright/test';

// The probes an orchestrator or load balancer calls (docs/decisions/0034), on the PostgreSQL server.
test('liveness answers without touching anything, never cached', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(await response.json()).toEqual({ status: 'ok' });
});

test('readiness answers 200 when the database answers and every migration is applied', async ({ request }) => {
  const response = await request.get('/api/ready');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(await response.json()).toEqual({ status: 'ready' });
});

test('a safe request id is echoed; anything else is replaced by a fresh one', async ({ request }) => {
  const id = '0f8e2c1a-7d3b-4c55-9a10-6b2e3f4d5c6a';
  expect((await request.get('/api/health', { headers: { 'x-request-id': id } })).headers()['x-request-id']).toBe(id);
  const replaced = (await request.get('/api/ready', { headers: { 'x-request-id': 'A123456780' } })).headers()['x-request-id'];
  expect(replaced).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // Pages behind the proxy get one too, and pass it on to the page's code.
  const page = await request.get('/member/consultations/none', { headers: { 'x-request-id': id }, maxRedirects: 0 });
  expect(page.headers()['x-request-id']).toBe(id);
  const refused = await request.get('/member/consultations/%E0%A4%A', { maxRedirects: 0 });
  expect(refused.status()).toBe(400);
  expect(refused.headers()['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});
