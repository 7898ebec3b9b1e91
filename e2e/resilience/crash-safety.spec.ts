// Crash safety (issue 8, docs/decisions/0038): consents stream in over HTTP while the app process is
// killed with SIGKILL, and separately while its PostgreSQL server is stopped with an immediate
// shutdown (a throwaway cluster of the test's own). Afterwards every acknowledged submission is
// recorded with its log entry, nothing is half-written, retries with the same served token get the
// original answer and write nothing twice, and the log has no gaps and verifies.
import { expect, test } from '@playwright/test';
import { openDatabase } from '@/server/db/client';
import { AUTH_SECRET, E2E_DATABASE_URL, E2E_LOG_SIGNING_KEY } from '../env';
import { type TAppProcess, startApp } from '../operations/app-process';
import {
  type TConsentStream,
  type TStreamMember,
  type TSubmission,
  createStreamMembers,
  postDecision,
  startConsentStream,
} from './consent-stream';
import {
  type TStoredDecision,
  classifyAfterCrash,
  dropDatabase,
  freshMigratedDatabase,
  halfWrittenState,
  logShape,
  loggedDecisionNonces,
  storedDecisions,
  verifyLogCommand,
  waitForEmptyQueue,
  withClient,
} from './crash-checks';
import { type TThrowawayCluster, createThrowawayCluster } from './throwaway-cluster';

const BASE_PORT = Number(process.env.E2E_PORT ?? 3211);
const APP_PORT = BASE_PORT + 20;
const CLUSTER_PORT = BASE_PORT + 2000;
const CLIENTS = 12;
/** Each decided on twice (refused, then consented to): enough for the stream to outlast the crash. */
const CONSULTATIONS_EACH = 8;
/** Acknowledged submissions before the crash, so that it hits a running stream. */
const BEFORE_CRASH = 60;

// The secrets the e2e apps run with (app-process.ts), for `npm run log:verify`.
const VERIFY_ENV = {
  AUTH_SECRET,
  GATEWAY_SECRET: 'e2e-gateway-secret-e2e-gateway-secret-012345',
  LOG_SIGNING_KEY: E2E_LOG_SIGNING_KEY,
  LOG_ORIGIN: 'e2e.consent-gateway/consent-log',
};

// Generous limits: CI runs these beside the other e2e workers on two cores.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

function databaseUrlOnSharedServer(name: string): string {
  const url = new URL(E2E_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function prepareMembers(url: string): Promise<TStreamMember[]> {
  const database = await openDatabase({ kind: 'postgres', url });
  try {
    return await createStreamMembers(database.prisma, CLIENTS, CONSULTATIONS_EACH);
  } finally {
    await database.close();
  }
}

/** Resolves as soon as at least `n` submissions are in flight (checked every few milliseconds). */
async function whileInFlight(stream: TConsentStream, n: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (stream.inFlight() < n) {
    if (Date.now() > until) throw new Error(`never ${n} submissions in flight at once`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const count = (submissions: TSubmission[], kind: TSubmission['first']['kind']) => submissions.filter((s) => s.first.kind === kind).length;

/** The state right after the crash, before any retry: complete or absent, never in between. */
async function expectNothingHalfWritten(url: string, submissions: TSubmission[]) {
  return withClient(url, async (client) => {
    expect(await halfWrittenState(client), 'decisions and log entries written together or not at all').toEqual([]);
    const decisions = await storedDecisions(client);
    const outcome = classifyAfterCrash(submissions, decisions, await loggedDecisionNonces(client));
    expect(outcome.problems).toEqual([]);
    expect(outcome.acknowledgedPresent).toBe(count(submissions, 'acknowledged'));
    return { decisions, ...outcome };
  });
}

/**
 * Every submission posted again with its own served token: an acknowledged one is answered exactly as
 * the first time and keeps its one decision; one that got no answer is now recorded (once).
 */
async function retryEverySubmission(baseURL: string, url: string, submissions: TSubmission[], before: Map<string, TStoredDecision>) {
  // As many at once as there were clients, each with its original served token.
  const retries: { s: TSubmission; again: Awaited<ReturnType<typeof postDecision>> }[] = [];
  const queue = [...submissions];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) retries.push({ s, again: await postDecision(baseURL, s) });
    }),
  );
  for (const { s, again } of retries) {
    if (s.first.kind === 'acknowledged') expect(again, `retry of acknowledged ${s.nonce}`).toEqual(s.first);
    else
      expect(again, `retry of ${s.first.kind} ${s.nonce}`).toEqual({
        kind: 'acknowledged',
        location: `/member/consultations/${s.consultationId}?saved=${s.expected}`,
      });
  }
  await withClient(url, async (client) => {
    const shape = await waitForEmptyQueue(client);
    const after = await storedDecisions(client);
    // One decision per submission, none twice (the decisions table holds only this stream's).
    expect(after.size).toBe(submissions.length);
    for (const s of submissions) {
      const decision = after.get(s.nonce);
      expect(decision, `decision of ${s.nonce}`).toMatchObject({
        outcome: s.expected === 'given' ? 'GIVEN' : 'REFUSED',
        recording: s.choice === 'consent-recording',
        inChain: true,
        personal: true,
      });
      // What was there before the retry is the very same row.
      if (before.has(s.nonce)) expect(decision!.id).toBe(before.get(s.nonce)!.id);
    }
    const logged = await loggedDecisionNonces(client);
    expect(
      [...logged.values()].filter((n) => n !== 1),
      'each decision logged once',
    ).toEqual([]);
    expect(logged.size).toBe(submissions.length);
    expect(await halfWrittenState(client)).toEqual([]);
    // No gaps: sequence numbers 1..n, and the head at n.
    expect(shape).toMatchObject({ minSeq: 1, maxSeq: shape.entries, headSeq: shape.entries, queued: 0 });
  });
}

async function stopGracefully(app: TAppProcess) {
  app.child.kill('SIGTERM');
  expect(await app.exited, `app output:\n${app.output.slice(-30).join('\n')}`).toBe(0);
}

async function expectLogVerifies(url: string) {
  const verified = await verifyLogCommand(url, VERIFY_ENV);
  expect(verified.output).toMatch(/Consent log intact: \d+ entries verified/);
  expect(verified.code).toBe(0);
}

function summary(label: string, stream: TConsentStream, extra: Record<string, number> = {}) {
  const { submissions } = stream;
  const line = {
    submissions: submissions.length,
    acknowledged: count(submissions, 'acknowledged'),
    failed: count(submissions, 'failed'),
    cut: count(submissions, 'cut'),
    pageFailures: stream.pageFailures(),
    pagesWithoutForm: stream.pagesWithoutForm(),
    ...extra,
  };
  test.info().annotations.push({ type: label, description: JSON.stringify(line) });
  console.log(`${label}: ${JSON.stringify(line)}`);
}

test('SIGKILL of the app mid-stream: acknowledged consents are kept, nothing is half-written, retries get the original answer', async () => {
  const url = databaseUrlOnSharedServer(`consent_e2e_crash_${BASE_PORT}`);
  await freshMigratedDatabase(url);
  let app: TAppProcess | null = null;
  try {
    const members = await prepareMembers(url);
    app = await startApp({ databaseUrl: url }, APP_PORT);
    const stream = startConsentStream(app.baseURL, members);
    await stream.waitForAcknowledged(BEFORE_CRASH, 90_000);
    await whileInFlight(stream, 3);
    const inFlightAtKill = count(stream.submissions, 'in-flight');
    app.child.kill('SIGKILL');
    expect(await app.exited).toBeNull(); // killed by the signal, no exit code of its own
    await stream.stop();
    summary('sigkill', stream, { inFlightAtKill });
    expect(inFlightAtKill, 'the kill hit submissions in flight').toBeGreaterThan(0);
    expect(count(stream.submissions, 'cut')).toBeGreaterThan(0);
    expect(count(stream.submissions, 'in-flight')).toBe(0);

    // The dead app integrated nothing more: what it left is exactly as the crash left it.
    const { decisions, unacknowledgedPresent, unacknowledgedAbsent } = await expectNothingHalfWritten(url, stream.submissions);
    console.log(`sigkill: of the unacknowledged, ${unacknowledgedPresent} were committed, ${unacknowledgedAbsent} not`);

    app = await startApp({ databaseUrl: url }, APP_PORT);
    // The restarted app integrates what the crash left queued by itself.
    await withClient(url, (client) => waitForEmptyQueue(client));
    await retryEverySubmission(app.baseURL, url, stream.submissions, decisions);
    await stopGracefully(app);
    await expectLogVerifies(url);
  } finally {
    if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    await dropDatabase(url);
  }
});

test.describe('PostgreSQL stopped with an immediate shutdown', () => {
  let cluster: TThrowawayCluster | null = null;

  test.afterAll(() => {
    cluster?.destroy();
  });

  test('mid-stream: the app reconnects by itself, acknowledged consents are kept, nothing is half-written, retries get the original answer', async ({
    request,
  }) => {
    cluster = createThrowawayCluster(CLUSTER_PORT);
    cluster.start();
    const url = cluster.url('consent_crash');
    await freshMigratedDatabase(url);
    const members = await prepareMembers(url);
    const app = await startApp({ databaseUrl: url }, APP_PORT);
    try {
      const stream = startConsentStream(app.baseURL, members);
      await stream.waitForAcknowledged(BEFORE_CRASH, 90_000);
      await whileInFlight(stream, 3);
      const inFlightAtStop = count(stream.submissions, 'in-flight');
      cluster.stopImmediately();
      const ackedAtStop = stream.acknowledged();
      // The stream goes on against the app while its database is down: pages and posts fail.
      const pageFailuresAtStop = stream.pageFailures();
      await expect.poll(() => stream.pageFailures() - pageFailuresAtStop, { timeout: 30_000 }).toBeGreaterThan(2 * CLIENTS);
      expect(
        count(stream.submissions, 'failed') + count(stream.submissions, 'cut'),
        'submissions in flight when the database went down',
      ).toBeGreaterThan(0);
      const ready = await request.get(`${app.baseURL}/api/ready`);
      expect(ready.status()).toBe(503);
      cluster.start();
      // Without a restart of the app: new submissions are acknowledged again.
      await stream.waitForAcknowledged(30, 90_000);
      await stream.stop();
      summary('immediate-shutdown', stream, { inFlightAtStop, ackedAtStop });
      await expect.poll(async () => (await request.get(`${app.baseURL}/api/ready`)).status(), { timeout: 30_000 }).toBe(200);
      expect(app.child.exitCode, 'the app survived its database going away').toBeNull();

      // A submission the database could not take is answered "try again shortly", not with an error page.
      const failedStatuses = stream.submissions.flatMap((s) => (s.first.kind === 'failed' ? [s.first.status] : []));
      expect(new Set(failedStatuses)).toEqual(new Set([503]));
      expect(app.logLines().filter((line) => line.msg === 'database unavailable; answered 503').length).toBe(failedStatuses.length);

      const { decisions } = await expectNothingHalfWritten(url, stream.submissions);
      await retryEverySubmission(app.baseURL, url, stream.submissions, decisions);
      await stopGracefully(app);
      await expectLogVerifies(url);
      await withClient(url, async (client) => expect((await logShape(client)).queued).toBe(0));
    } finally {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
    }
  });
});
