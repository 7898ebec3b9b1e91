// Issue 8, "Scale-out on PostgreSQL": three app instances started by `npm run instances` on one fresh
// PostgreSQL database behave as one. Many members consent at once through all of them (and through the
// script's balancer); one page submitted to two instances at the same moment is one decision; an
// advisor's event stream on one instance hears a change made through another; a session ended in the
// database is ended on every instance at once; then every acknowledged
// submission is a decision with its log entry, the log has no gaps and verifies, and the counts match.
// No browser: members act as a browser without JavaScript does, over HTTP (./over-http.ts).
import { expect, test } from '@playwright/test';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import { createFreshDatabase, dropDatabase } from '@/server/db/maintenance-database';
import { TEST_PASSWORD, createServices, randomInsuranceNumber, testSecondFactor } from '@/tests/scenario';
import { E2E_DATABASE_URL } from '../env';
import { appEnvironment } from '../operations/app-process';
import { type TInstancesCommand, startInstancesCommand } from './instances-command';
import { type TSubmission, openEventStream, servedTokenFrom, sessionCookie, submitConsent } from './over-http';

const E2E_PORT = Number(process.env.E2E_PORT ?? 3211);
const PORTS = [E2E_PORT + 10, E2E_PORT + 11, E2E_PORT + 12];
const BALANCER_PORT = E2E_PORT + 13;
const base = (port: number) => `http://localhost:${port}`;
const INSTANCES = PORTS.map(base);
const BALANCER = base(BALANCER_PORT);

/** Members who consent at once, spread over the three instances (a tenth through the balancer). */
const MEMBERS = 60;
/** Pages each submitted to two instances at the same moment. */
const TWINS = 10;
/** Each instance's pool (DATABASE_POOL_SIZE), smaller than the default so that the test sees it applied. */
const POOL_SIZE = 4;

// A database of its own, named after E2E_PORT so that two checkouts never share it.
const DATABASE_NAME = `consent_e2e_scale_${E2E_PORT}`;
const databaseUrl = (() => {
  const url = new URL(E2E_DATABASE_URL);
  url.pathname = `/${DATABASE_NAME}`;
  return url.toString();
})();

// The chain check reads the checkpoints' verifier key from the app's configuration: the instances' one.
const appEnv = appEnvironment({ databaseUrl });
for (const key of ['AUTH_SECRET', 'GATEWAY_SECRET', 'LOG_SIGNING_KEY', 'LOG_ORIGIN'] as const) process.env[key] = appEnv[key];

type TMember = { id: string; kind: string; cookie: string; consultationId: string };

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let instances: TInstancesCommand | undefined;
let database: TOpenDatabase | undefined;
let advisor: { id: string; cookie: string };
let liveAdvisor: { id: string; cookie: string };
const members: TMember[] = [];
/** Consultation ids whose consent some instance acknowledged (303 to "saved"), with the answer. */
const acknowledged = new Map<string, TSubmission>();

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await createFreshDatabase(databaseUrl);
  // The command migrates from every instance at once (one applies, the others wait), then starts them.
  instances = startInstancesCommand(
    databaseUrl,
    ['--count', String(PORTS.length), '--port', String(PORTS[0]), '--balancer', String(BALANCER_PORT)],
    {
      DATABASE_POOL_SIZE: String(POOL_SIZE),
    },
  );
  const started = Date.now();
  await instances.waitForLine((line) => line.startsWith('[instances] ready:'), 150_000);
  console.log(`3 instances migrated and ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // One connection: the pool check below counts the instances' connections, and this one is excluded by its pid.
  database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
  const prisma = database.prisma;
  const services = await createServices(prisma);
  const staff = async (name: string) => {
    // Enrolled like all test staff: an advisor without a second factor may reach only its setup (0040).
    const account = await createAccount(prisma, {
      kind: 'ADVISOR',
      loginName: `${name}.${E2E_PORT}`,
      displayName: `Beratung ${name}`,
      password: TEST_PASSWORD,
      secondFactor: testSecondFactor(),
    });
    return { id: account.id, cookie: await sessionCookie(prisma, account) };
  };
  advisor = await staff('scale');
  liveAdvisor = await staff('live');
  const startsAt = new Date(Date.now() + 2 * 60 * 60 * 1000);
  const member = async (advisorId: string) => {
    const account = await createAccount(prisma, {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: 'Test Mitglied',
      password: TEST_PASSWORD,
    });
    const consultation = await createConsultation(prisma, {
      memberId: account.id,
      advisorId,
      videoServiceId: services.own.id,
      topic: 'Krankengeld',
      startsAt,
    });
    return { id: account.id, kind: account.kind, cookie: await sessionCookie(prisma, account), consultationId: consultation.id };
  };
  // A few at a time: each account hashes a password (Argon2, on the thread pool).
  for (let i = 0; i < MEMBERS + TWINS + 1; i += 4) {
    members.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(4, MEMBERS + TWINS + 1 - i) }, (_, j) =>
          member(i + j === MEMBERS + TWINS ? liveAdvisor.id : advisor.id),
        ),
      )),
    );
  }
  console.log(`${members.length} members with sessions and consultations after ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test.afterAll(async () => {
  // Always stop every instance, also when a test failed: gracefully, or by force if that does not work.
  const code = await instances?.stop().catch(() => null);
  // Its process group (the command and every instance it started) only if it did not end cleanly.
  if (instances && code !== 0) instances.killAll();
  await database?.close();
  await dropDatabase(databaseUrl);
});

test('three instances migrated one database at once: one applied, the others waited', async () => {
  const output = instances!.output;
  expect(output.filter((line) => /^\[migrate \d\] Applied \d+ migration/.test(line))).toHaveLength(1);
  expect(output.filter((line) => /^\[migrate \d\] PostgreSQL is up to date\./.test(line))).toHaveLength(2);
  for (const url of [...INSTANCES, BALANCER]) expect((await fetch(`${url}/api/ready`)).status, url).toBe(200);
  expect(output.find((line) => line.startsWith('[instances] connections:'))).toMatch(
    new RegExp(`^\\[instances\\] connections: 3 × \\(pool ${POOL_SIZE} \\+ 2\\) = ${3 * (POOL_SIZE + 2)} of \\d+ free`),
  );
});

test('members consent at the same time through all instances: every one is acknowledged', async () => {
  const crowd = members.slice(0, MEMBERS);
  // Each page is served by one instance and submitted to the next one (or to the balancer).
  const results = await Promise.all(
    crowd.map(async (m, i) => {
      const served = INSTANCES[i % 3]!;
      const submitTo = i % 10 === 9 ? BALANCER : INSTANCES[(i + 1) % 3]!;
      const token = await servedTokenFrom(served, m.cookie, m.consultationId);
      return { m, result: await submitConsent(submitTo, m.cookie, m.consultationId, token) };
    }),
  );
  for (const { m, result } of results) {
    expect(result, m.consultationId).toEqual({ status: 303, location: `/member/consultations/${m.consultationId}?saved=given` });
    acknowledged.set(m.consultationId, result);
  }
  // Under that load every pool opened connections, and none more than DATABASE_POOL_SIZE (idle ones live 10 s).
  const pools = await database!.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'consent-gateway' AND pid <> pg_backend_pid()`;
  expect(pools[0]!.n).toBeGreaterThan(PORTS.length);
  expect(pools[0]!.n).toBeLessThanOrEqual(PORTS.length * POOL_SIZE);
});

test('one page submitted to two instances at the same moment is one decision, and both answers agree', async () => {
  const twins = members.slice(MEMBERS, MEMBERS + TWINS);
  const pairs = await Promise.all(
    twins.map(async (m, i) => {
      const token = await servedTokenFrom(INSTANCES[i % 3]!, m.cookie, m.consultationId);
      const [first, second] = [INSTANCES[i % 3]!, INSTANCES[(i + 1) % 3]!];
      return {
        m,
        answers: await Promise.all([
          submitConsent(first, m.cookie, m.consultationId, token),
          submitConsent(second, m.cookie, m.consultationId, token),
        ]),
      };
    }),
  );
  for (const { m, answers } of pairs) {
    expect(answers[0], m.consultationId).toEqual({ status: 303, location: `/member/consultations/${m.consultationId}?saved=given` });
    expect(answers[1], m.consultationId).toEqual(answers[0]);
    acknowledged.set(m.consultationId, answers[0]);
  }
  const decisions = await database!.prisma.consentDecision.groupBy({
    by: ['consultationId'],
    where: { consultationId: { in: twins.map((m) => m.consultationId) } },
    _count: true,
  });
  expect(decisions.map((d) => d._count)).toEqual(twins.map(() => 1));
});

test("an advisor's event stream on one instance hears a consent given through another", async () => {
  const m = members[MEMBERS + TWINS]!;
  // Two instances the submission does not go to, and the balancer (the stream must pass through unbuffered).
  const streams = await Promise.all([INSTANCES[0]!, INSTANCES[2]!, BALANCER].map((url) => openEventStream(url, liveAdvisor.cookie)));
  try {
    const token = await servedTokenFrom(INSTANCES[1]!, m.cookie, m.consultationId);
    const result = await submitConsent(INSTANCES[1]!, m.cookie, m.consultationId, token);
    expect(result.status).toBe(303);
    acknowledged.set(m.consultationId, result);
    await Promise.all(streams.map((s) => s.changeFor(m.consultationId, 10_000)));
  } finally {
    for (const s of streams) s.close();
  }
});

test('a session ended in the database is ended on every instance at once, though each kept it in memory', async () => {
  const m = members[0]!;
  const page = (url: string) => fetch(`${url}/member`, { headers: { cookie: m.cookie }, redirect: 'manual' });
  // Twice on each: the second answer comes from the instance's session cache (0073).
  for (const url of [...INSTANCES, ...INSTANCES]) expect((await page(url)).status, url).toBe(200);
  // An operator's statement, through none of the instances: only the database's announcement tells them.
  const sessionId = (await database!.prisma.session.findFirst({ where: { accountId: m.id, revokedAt: null }, select: { id: true } }))!.id;
  await database!.prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
  for (const url of [...INSTANCES, BALANCER]) {
    const response = await page(url);
    expect([response.status, new URL(response.headers.get('location') ?? '/', url).pathname], url).toEqual([307, '/login']);
  }
});

test('every acknowledged submission is one decision with its log entry; the log has no gaps and verifies', async () => {
  const prisma = database!.prisma;
  expect(acknowledged.size).toBe(MEMBERS + TWINS + 1);
  // What `npm run log:verify` does: integrate what is still queued, then recompute the chain.
  await integrateQueuedEntries(prisma);
  const ids = [...acknowledged.keys()];
  const decisions = await prisma.consentDecision.findMany({
    where: { consultationId: { in: ids } },
    select: { consultationId: true, outcome: true, logQueueId: true },
  });
  expect(decisions).toHaveLength(ids.length);
  expect(new Set(decisions.map((d) => d.consultationId)).size).toBe(ids.length);
  expect(decisions.every((d) => d.outcome === 'GIVEN')).toBe(true);
  // Nothing but these decisions was logged in this database, so the counts must match exactly.
  expect(await prisma.consentDecision.count()).toBe(ids.length);

  const entries = await prisma.logEntry.findMany({
    where: { queueId: { in: decisions.map((d) => d.logQueueId) } },
    select: { consultationId: true, eventType: true },
  });
  expect(entries).toHaveLength(ids.length);
  expect(entries.every((e) => e.eventType === 'consent.given' && acknowledged.has(e.consultationId!))).toBe(true);
  expect(new Set(entries.map((e) => e.consultationId)).size).toBe(ids.length);
  expect(await prisma.logQueueEntry.count()).toBe(0);

  const range = await prisma.$queryRaw<
    { first: bigint; last: bigint; total: bigint }[]
  >`SELECT min(seq) AS first, max(seq) AS last, count(*) AS total FROM consent_log`;
  const { first, last, total } = range[0]!;
  expect(first).toBe(1n);
  expect(last).toBe(total);
  expect(await prisma.logEntry.count({ where: { eventType: 'consent.given' } })).toBe(ids.length);

  const verified = await verifyChain(database!);
  expect(verified.firstBroken).toBeNull();
  expect(verified.ok).toBe(true);
  expect(verified.entriesChecked).toBe(Number(total));
});

test('SIGTERM stops every instance gracefully', async () => {
  expect(await instances!.stop()).toBe(0);
  for (let i = 1; i <= PORTS.length; i++) expect(instances!.output).toContain(`[instances] app ${i} :${PORTS[i - 1]!} exited with 0`);
});
