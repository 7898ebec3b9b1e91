import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAccount } from '@/prisma/seed/factories';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { openDatabase } from '@/server/db/client';
import { dropDatabase } from '@/server/db/maintenance-database';
import { asSuperuser, rehashChainAsSuperuser, setPayloadSql } from '@/tests/backdate';
import { testSecondFactor } from '@/tests/scenario';
import { startWitnesses } from '@/tests/witnesses';
import { AUTH_SECRET, E2E_GATEWAY_SECRET, E2E_LOG_SIGNING_KEY, E2E_LOG_VKEY } from '../env';
import { expect, expectNoAxeViolations, loginAs, test } from '../fixtures';
import { type TAppProcess, startApp } from '../operations/app-process';
import { prepareOwnDatabase } from '../operations/app-on-own-database';

// The attack of issue 18: a database superuser rewrites the log's tail so that the chain links up, deletes
// the newer checkpoints, cosignatures and tree nodes, and restarts the app, which then signs a fresh
// checkpoint over the forged history. Its own app, database and two witnesses (the shared ones must stay honest).
const PORT = Number(process.env.E2E_PORT ?? 3211) + 50;

test.describe.configure({ timeout: 180_000 });

test('a consistent rewrite by a database superuser: verification fails naming each witness and size, and no witness cosigns the forked tree', async ({
  browser,
}) => {
  const witnesses = await startWitnesses(E2E_LOG_VKEY, 2, 2, 'attack');
  const policyFile = path.resolve('.e2e/witness-attack-policy.txt');
  writeFileSync(policyFile, witnesses.policy);
  const databaseUrl = prepareOwnDatabase('witness_attack');
  const appEnv = { AUTH_URL: `http://localhost:${PORT}`, WITNESS_POLICY_FILE: policyFile };
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl });
  let app: TAppProcess | null = await startApp({ databaseUrl }, PORT, appEnv);
  const stopApp = async () => {
    app?.child.kill('SIGTERM');
    await app?.exited;
    app = null;
  };
  try {
    const officer = await createAccount(database.prisma, {
      kind: 'COMPLIANCE',
      loginName: `officer.attack.${Date.now()}`,
      displayName: 'Prüferin',
      password: 'Test-Passwort-123',
      secondFactor: testSecondFactor(),
    });
    const context = await browser.newContext({ baseURL: app.baseURL });
    const page = await context.newPage();
    await loginAs(page, officer.loginName);

    // The honest history: a few more entries, then both witnesses cosign the head (checkpoints about once a second).
    for (let i = 0; i < 5; i++)
      await database.prisma.$transaction((tx) =>
        appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i, channel: 'attack-test' } }),
      );
    const cosignedBoth = async () => {
      const statuses = await database.prisma.witnessStatus.findMany({ select: { cosignedSize: true } });
      const head = await database.prisma.logHead.findUniqueOrThrow({ where: { id: 1 } });
      return statuses.length === 2 && statuses.every((s) => s.cosignedSize === head.seq && s.cosignedSize > 0n) ? Number(head.seq) : 0;
    };
    await expect.poll(cosignedBoth, { timeout: 30_000 }).toBeGreaterThan(5);
    // An outside monitor has followed the log's tiles up to here (issue 19).
    const monitorState = path.resolve('.e2e/witness-attack-monitor/state.json');
    rmSync(path.dirname(monitorState), { recursive: true, force: true });
    const monitor = (...args: string[]) => {
      const run = spawnSync('npm', ['run', '-s', 'log:monitor', '--', ...args], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      return { status: run.status, out: run.stdout + run.stderr };
    };
    const honestRun = monitor(`${app.baseURL}/api/log`, '--state', monitorState, '--policy', policyFile);
    expect(honestRun.status, honestRun.out).toBe(0);
    await stopApp();
    const witnessed = await cosignedBoth();
    const stateOf = (dir: string) => {
      const file = readdirSync(path.join(dir, 'logs')).find((f) => f.endsWith('.json'))!;
      return JSON.parse(readFileSync(path.join(dir, 'logs', file), 'utf8')) as { size: number; rootHash: string };
    };
    const honest = witnesses.witnesses.map((w) => stateOf(w.dataDir));
    expect(honest.map((s) => s.size)).toEqual([witnessed, witnessed]);

    // The attack: the last entry's payload changed, the chain re-linked, newer evidence deleted.
    await asSuperuser(
      database.prisma,
      `UPDATE consent_log SET ${setPayloadSql(`payload || '{"forged": true}'::jsonb`)} WHERE seq = ${witnessed}`,
      `DELETE FROM log_cosignature WHERE tree_size >= ${witnessed}`,
      `DELETE FROM log_checkpoint WHERE tree_size >= ${witnessed}`,
      'DELETE FROM merkle_node',
      'UPDATE merkle_tree SET size = 0',
      'DELETE FROM witness_status',
    );
    await rehashChainAsSuperuser(database.prisma);
    app = await startApp({ databaseUrl }, PORT, appEnv);

    // The restarted app signs the forged head; both witnesses refuse it and the alarm is raised.
    await expect
      .poll(async () => (await database.prisma.witnessStatus.findMany({ where: { alarm: 'inconsistent' } })).length, { timeout: 30_000 })
      .toBe(2);

    // The monitor, run again, catches the forged history from the tiles alone and writes a proof anyone can check.
    const proofFile = path.resolve('.e2e/witness-attack-monitor/proof.json');
    const caught = monitor(`${app.baseURL}/api/log`, '--state', monitorState, '--policy', policyFile, '--proof', proofFile);
    expect(caught.status, caught.out).toBe(2);
    expect(caught.out).toContain('THE LOG SIGNED TWO HISTORIES');
    const checked = monitor('--check-proof', proofFile, '--policy', policyFile);
    expect(checked.status, checked.out).toBe(0);
    expect(checked.out).toMatch(/VALID PROOF: the log "e2e\.consent-gateway\/consent-log" signed/);
    // The honest checkpoint in the proof carries both witnesses' cosignatures: when they vouched for the history the log later rewrote.
    expect(checked.out).toMatch(/cosigned by w1 at .*, w2 at /);

    const verify = spawnSync('npm', ['run', '-s', 'log:verify'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        NODE_OPTIONS: '--conditions=react-server',
        AUTH_SECRET,
        GATEWAY_SECRET: E2E_GATEWAY_SECRET,
        LOG_SIGNING_KEY: E2E_LOG_SIGNING_KEY,
        LOG_ORIGIN: 'e2e.consent-gateway/consent-log',
        DATABASE_URL: databaseUrl,
        WITNESS_POLICY_FILE: policyFile,
      },
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(2);
    expect(verify.stdout).toMatch(/Consent log intact/);
    for (const w of witnesses.witnesses)
      expect(verify.stderr).toContain(`(${w.url}): cosigned a tree of ${witnessed} entries that this log does NOT extend`);

    await page.goto('/compliance/verify');
    const checks = page.getByTestId('verify-witnesses');
    await expect(checks).toContainText('Widerspruch');
    await expect(checks).toContainText(
      `w1: hat einen Stand mit ${witnessed} Einträgen gegengezeichnet, den dieses Protokoll NICHT fortsetzt`,
    );
    await expect(checks).toContainText(`w2: hat einen Stand mit ${witnessed} Einträgen gegengezeichnet`);
    await expectNoAxeViolations(page);
    await page.goto('/compliance');
    await expect(page.getByTestId('witness-alarms')).toContainText('Alarm: Der Zeuge w1 hat am');
    await expect(page.getByRole('alert').filter({ hasText: 'Zeuge w2' })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('witness-alarms')).toContainText('Alarm: the witness w1 refused a checkpoint');
    await expectNoAxeViolations(page);
    await page.goto('/compliance/verify');
    await expect(page.getByTestId('verify-witnesses')).toContainText('Contradicted');
    await expectNoAxeViolations(page);

    // Nothing of the forged tree was cosigned: the witnesses still hold the honest state.
    expect(witnesses.witnesses.map((w) => stateOf(w.dataDir))).toEqual(honest);
    const cosignedSince = await database.prisma.logCosignature.count({ where: { treeSize: { gte: BigInt(witnessed) } } });
    expect(cosignedSince).toBe(0);
    await context.close();
  } finally {
    await stopApp();
    await database.close();
    await dropDatabase(databaseUrl);
    await witnesses.stop();
  }
});
