import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dropDatabase } from '@/server/db/maintenance-database';
import { expect, test } from '../fixtures';
import { appEnvironment } from './app-process';
import { prepareOwnDatabase } from './app-on-own-database';

// The README publishes the demo's passwords and second-factor keys: `npm run demo` listens on this machine
// only, unless HOST says otherwise (docs/decisions/0046).
const PORT = Number(process.env.E2E_PORT ?? 3211) + 42;

test.describe.configure({ mode: 'serial' });

/** The local addresses a TCP socket listens on at this port, as the kernel lists them (hex, as in /proc/net/tcp). */
function listeningOn(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A')
      .map((fields) => fields[1]!.split(':')[0]!),
  );
}

/** `npm run demo:serve` on a port of its own; the addresses it listens on once it answers. */
async function demoServe(
  databaseUrl: string,
  port: number,
  extra: Record<string, string>,
): Promise<{ child: ChildProcess; addresses: string[] }> {
  const child = spawn('npm', ['run', '-s', 'demo:serve'], {
    env: appEnvironment({ databaseUrl }, { PORT: String(port), ...extra }),
    stdio: 'ignore',
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { child, addresses: listeningOn(port) };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('npm run demo:serve did not answer within 60 s');
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

test('the demo listens on 127.0.0.1 only, and on every interface only when HOST says so', async () => {
  test.setTimeout(180_000);
  const databaseUrl = prepareOwnDatabase('demo_interface');
  try {
    const local = await demoServe(databaseUrl, PORT, { HOST: '' });
    await stop(local.child);
    expect(local.addresses).toEqual(['0100007F']);

    const everywhere = await demoServe(databaseUrl, PORT + 1, { HOST: '0.0.0.0' });
    await stop(everywhere.child);
    expect(everywhere.addresses).toEqual(['00000000']);
  } finally {
    await dropDatabase(databaseUrl);
  }
});
