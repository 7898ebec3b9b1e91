import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { activeAuditorToken } from '@/tests/auditor-credential';
import { E2E_WITNESS_POLICY_FILE } from '../env';
import { expect, test } from '../fixtures';

// An auditor's view of the running gateway (its two witnesses, quorum 2): `npm run log:mirror` copies the
// log's tiles and, with a credential two officers issued, its entry bundles to static files; a plain static
// web server (Python's http.server, nothing of ours) serves the copy; `npm run log:monitor` follows the copy,
// and Go's sumdb/tlog reads it too. More entries later: both follow incrementally.
const STATIC_PORT = Number(process.env.E2E_PORT ?? 3211) + 31;
const WORK = path.resolve('.e2e/auditor');
const GO_ENV = { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOPROXY: 'off', GOFLAGS: '' };

test.describe.configure({ mode: 'serial', timeout: 180_000 });

function run(script: string, args: string[]) {
  const result = spawnSync('npm', ['run', '-s', script, '--', ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: result.status, out: result.stdout + result.stderr };
}

let staticServer: ChildProcess | undefined;
test.afterAll(() => {
  staticServer?.kill();
});

test('an auditor mirrors the log to a static server, and monitors and verifies it from there', async ({ database, baseURL }) => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  // A credential as two officers would issue it (the flow itself: e2e/staff), for every entry so far.
  const token = await activeAuditorToken(database.prisma, { label: 'E2E-Prüfgesellschaft' });
  const credential = path.join(WORK, 'credential.txt');
  writeFileSync(credential, `${token}\n`);
  const policy = path.resolve(E2E_WITNESS_POLICY_FILE);
  const mirrorDir = path.join(WORK, 'mirror');
  const logUrl = `${baseURL!}/api/log`;

  // Entries of its own, so that a checkpoint covers something even when this spec runs alone.
  const append = async (count: number) => {
    for (let i = 0; i < count; i++)
      await database.prisma.$transaction((tx) =>
        appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i, channel: 'mirror-test' } }),
      );
  };
  const checkpointSize = async () => {
    const response = await fetch(`${logUrl}/checkpoint`);
    return response.ok ? Number((await response.text()).split('\n')[1]) : 0;
  };
  await append(20);
  await expect.poll(checkpointSize, { timeout: 30_000 }).toBeGreaterThanOrEqual(20);

  const mirrored = run('log:mirror', [logUrl, mirrorDir, '--policy', policy, '--credential', credential]);
  expect(mirrored.status, mirrored.out).toBe(0);
  const size = Number(/now holds (\d+) entries/.exec(mirrored.out)![1]);
  expect(size).toBeGreaterThan(0);
  expect(mirrored.out).toContain(`${size} entries copied and checked against their leaves`);
  const checkpoint = readFileSync(
    path.join(mirrorDir, createHash('sha256').update('e2e.consent-gateway/consent-log').digest('hex'), 'checkpoint'),
    'utf8',
  );
  expect(checkpoint).toMatch(/^e2e\.consent-gateway\/consent-log\n\d+\n/);

  staticServer = spawn('python3', ['-m', 'http.server', String(STATIC_PORT), '--bind', '127.0.0.1', '--directory', mirrorDir], {
    stdio: 'ignore',
  });
  const prefix = `http://127.0.0.1:${STATIC_PORT}/${/serve .* the log's prefix there is \/([0-9a-f]{64})/.exec(mirrored.out)![1]!}`;
  await expect.poll(async () => (await fetch(`${prefix}/checkpoint`).catch(() => null))?.status, { timeout: 15_000 }).toBe(200);

  const state = path.join(WORK, 'monitor-state.json');
  const first = run('log:monitor', [prefix, '--state', state, '--policy', policy, '--credential', credential]);
  expect(first.status, first.out).toBe(0);
  expect(first.out).toContain(`${size} entries, signed by the log, first run`);
  expect(first.out).toContain(`entries: ${size} read and hashed to their leaves`);
  // Other specs add entries meanwhile: the newest checkpoint may be a second away from its cosignatures.
  expect(first.out).toMatch(
    /witnesses: (w1 \(.+\), w2 \(.+\); quorum met|.*quorum NOT met \(the newest checkpoint the quorum cosigned has \d+ entries\))/,
  );

  // Go's sumdb/tlog authenticates every tile of the copy against its checkpoint and hashes every entry.
  const go = spawnSync('go', ['run', 'tests/go/check-tiles.go', prefix, readFileSync(policy, 'utf8').match(/^log (\S+)/m)![1]!], {
    encoding: 'utf8',
    env: GO_ENV,
  });
  expect(go.status, go.stderr).toBe(0);
  expect(JSON.parse(go.stdout)).toMatchObject({ ok: true, treeSize: size, entriesChecked: size });

  // The log grows; mirror and monitor follow.
  await append(300);
  await expect.poll(checkpointSize, { timeout: 30_000 }).toBeGreaterThanOrEqual(size + 300);
  const again = run('log:mirror', [logUrl, mirrorDir, '--policy', policy, '--credential', credential]);
  expect(again.status, again.out).toBe(0);
  const grown = Number(/now holds (\d+) entries/.exec(again.out)![1]);
  expect(grown).toBeGreaterThanOrEqual(size + 300);
  const second = run('log:monitor', [prefix, '--state', state, '--policy', policy, '--credential', credential]);
  expect(second.status, second.out).toBe(0);
  expect(second.out).toContain(`${grown} entries, signed by the log, consistent with the ${size} entries checked before`);

  // The copy's directory itself, as an auditor follows their own copy: every entry it holds, no credential needed.
  const copyDir = path.join(mirrorDir, /the log's prefix there is \/([0-9a-f]{64})/.exec(mirrored.out)![1]!);
  const local = run('log:monitor', [copyDir, '--state', path.join(WORK, 'local-state.json'), '--policy', policy]);
  expect(local.status, local.out).toBe(0);
  expect(local.out).toContain(`entries: ${grown} read and hashed to their leaves`);

  // Straight from the gateway, without a credential: the hash tiles alone.
  const direct = run('log:monitor', [logUrl, '--state', path.join(WORK, 'direct-state.json'), '--policy', policy]);
  expect(direct.status, direct.out).toBe(0);
  expect(direct.out).not.toContain('entries:');
});
