import { existsSync } from 'node:fs';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '@/prisma/seed/demo-accounts';
import { prepareDemoDatabase, startApp, withDatabase } from './app-process';

// Its own app process (the shared e2e servers must keep running), on ports beside theirs.
const PORT = Number(process.env.E2E_PORT ?? 3211) + 3;

test.describe.configure({ mode: 'serial', timeout: 120_000 });

/** Sends a request's head and the first part of its body; the rest is sent by `finish`. */
async function startSlowPost(url: URL, headers: Record<string, string>, body: string) {
  const socket = net.connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const waitFor = async (text: string) => {
    while (!received.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  const head = Object.entries({
    ...headers,
    host: url.host,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    expect: '100-continue',
  })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.write(`POST ${url.pathname} HTTP/1.1\r\n${head}\r\n`);
  // The server answers "100 Continue" once it has taken the request: from then on it is in flight.
  await waitFor('100 Continue');
  const half = Math.floor(body.length / 2);
  socket.write(body.slice(0, half));
  return {
    async finish() {
      socket.write(body.slice(half));
      await closed;
      return received.slice(received.indexOf('\r\n\r\n') + 4); // after the 100 Continue
    },
  };
}

test('SIGTERM lets a consent submission in flight finish, integrates its log entry and closes the database', async ({ browser }) => {
  const dataDir = prepareDemoDatabase(`shutdown-${PORT}`);
  const app = await startApp(dataDir, PORT);
  let consultationId = '';
  try {
    const context = await browser.newContext({ baseURL: app.baseURL });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Versichertennummer, Betriebsnummer oder Benutzername').fill('A123456780');
    await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('link', { name: 'Rehabilitation: Antrag und Ablauf' }).click();
    await page.getByLabel(/in diesem Beratungsgespräch über Kassen-Video übertragen/).check();
    // What the browser would post without JavaScript, sent by hand so that it can be held open.
    const form = page.locator('form').filter({ has: page.locator('input[name="servedToken"]') });
    const { action, fields } = await form.evaluate((element: HTMLFormElement) => ({
      action: element.action,
      fields: [...new FormData(element).entries()].map(([k, v]) => [k, typeof v === 'string' ? v : v.name] as [string, string]),
    }));
    const body = new URLSearchParams([...fields, ['intent', 'consent']]).toString();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const submission = await startSlowPost(
      new URL(action),
      { origin: app.baseURL, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    );

    app.child.kill('SIGTERM');
    const stopping = await app.waitForLog((line) => line.msg?.toString().startsWith('shutting down') === true);
    expect(stopping).toMatchObject({ signal: 'SIGTERM', inFlight: 1 });
    // No new connections once shutdown has begun.
    await expect(fetch(`${app.baseURL}/api/health`)).rejects.toThrow();

    const response = await submission.finish();
    expect(response).toMatch(/^HTTP\/1\.1 303 /);
    consultationId = /location: \/member\/consultations\/([^?\s]+)\?saved=given/i.exec(response)?.[1] ?? '';
    expect(consultationId).not.toBe('');

    expect(await app.exited).toBe(0);
    expect(app.logLines().find((line) => line.msg === 'shut down')).toMatchObject({ exitCode: 0 });
    await context.close();
  } finally {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  }
  // PGlite closed cleanly: its directory lock is released, and the entry is in the log, not the queue.
  expect(existsSync(`${dataDir}.lock`)).toBe(false);
  await withDatabase(dataDir, async (db) => {
    // The demo's history has consents of its own (0069): this consultation's is the one in flight.
    const given = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM consent_log WHERE event_type = 'consent.given' AND consultation_id = $1`,
      [consultationId],
    );
    const queued = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM consent_log_queue');
    expect(given.rows[0]!.n).toBe(1);
    expect(queued.rows[0]!.n).toBe(0);
  });
});

test('readiness answers 503 while a migration of this build is missing, and the idle app stops with exit code 0', async ({ request }) => {
  const dataDir = prepareDemoDatabase(`not-ready-${PORT}`);
  await withDatabase(dataDir, (db) =>
    db.query('DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)'),
  );
  const app = await startApp(dataDir, PORT);
  try {
    const ready = await request.get(`${app.baseURL}/api/ready`);
    expect(ready.status()).toBe(503);
    expect(ready.headers()['cache-control']).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'not-ready', reason: 'migrations-pending', pendingMigrations: 1 });
    const health = await request.get(`${app.baseURL}/api/health`);
    expect(health.status()).toBe(200);
    expect(app.logLines().find((line) => line.msg === 'not ready')).toMatchObject({
      reason: 'migrations-pending',
      requestId: ready.headers()['x-request-id'],
    });
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  } finally {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
  }
  expect(existsSync(`${dataDir}.lock`)).toBe(false);
});
