// Issue 21, point 5: a working day without growth. Two app instances on PostgreSQL take consents at half
// the throughput they measured first, for 30 minutes (--soak-minutes), while 50 advisors' event streams stay
// open and reconnect. Each instance's resident memory, open handles and live-update listeners after the
// warm-up are compared with the end; the consents' p99 is followed minute by minute. Not part of the
// default run (it takes the half hour): `npm run bench -- --only soak`.
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '@/server/db/client';
import { TEST_PASSWORD } from '@/tests/scenario';
import { ensureBuild, startApp } from '../lib/app-server';
import { dropPostgresDatabase, freshPostgresDatabase } from '../lib/bench-database';
import { type TRun, createConsentMembers, load } from '../lib/consent-load';
import { type TEventStream, openEventStream } from '../lib/event-stream';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { assertLogVerifies } from '../lib/log-verifies';
import { signIn } from '../lib/no-js-form';

const PORTS = [3311, 3312];
const MEMBERS = 64;
const ADVISORS = 50;
const CONNECTIONS = 32;
const MINUTE_S = 60;
/** A stream lives 20–90 s, then its page reconnects (to either instance) a second later. */
const STREAM_LIFE_MS = [20_000, 90_000] as const;
/** Idle pool connections close after 10 s (pg's default): samples wait that out, so both find the pools alike. */
const SETTLE_MS = 11_000;

type TProcessStats = { rss: number; handles: Record<string, number>; liveListeners: number };
type TSample = { perInstance: (TProcessStats & { streamsOpen: number })[] };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const totalHandles = (s: TProcessStats) => Object.values(s.handles).reduce((sum, n) => sum + n, 0);
/** Handles an instance holds beyond its open event streams (the streams sit on either instance, at random). */
const unaccounted = (s: TProcessStats & { streamsOpen: number }) => totalHandles(s) - 2 * s.streamsOpen;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** The advisors' pages: each keeps one stream open, closes it after a while and reconnects to a random instance. */
function churnStreams(bases: string[], cookies: string[]) {
  const open = new Map<number, { base: string; stream: TEventStream }>();
  // Changed from outside the page loops (hold, release, stop): an object, read afresh on every turn.
  const state = { holding: false, stopped: false };
  const stopped = () => state.stopped;
  let errors = 0;
  let opened = 0;
  const errorsSeen: string[] = [];
  const fail = (what: string) => {
    errors++;
    if (errorsSeen.length < 5) errorsSeen.push(what);
  };
  const page = async (i: number) => {
    while (!stopped()) {
      const base = bases[Math.floor(Math.random() * bases.length)]!;
      try {
        const stream = await openEventStream(base, cookies[i]!);
        open.set(i, { base, stream });
        opened++;
        void stream.ended.then(({ aborted }) => {
          if (!aborted && !stopped()) fail(`a stream on ${base} ended by itself`);
        });
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
        await sleep(1_000);
        continue;
      }
      const until = Date.now() + STREAM_LIFE_MS[0] + Math.random() * (STREAM_LIFE_MS[1] - STREAM_LIFE_MS[0]);
      while (!stopped() && (state.holding || Date.now() < until)) await sleep(250);
      open.get(i)?.stream.close();
      open.delete(i);
      if (!stopped()) await sleep(1_000);
    }
  };
  const pages = cookies.map((_, i) => page(i));
  return {
    /** Stops the reconnecting and waits until every page has its stream open. */
    async hold() {
      state.holding = true;
      while (open.size < cookies.length) await sleep(100);
    },
    release() {
      state.holding = false;
    },
    openOn: (base: string) => [...open.values()].filter((o) => o.base === base).length,
    errors: () => ({ count: errors, seen: errorsSeen }),
    opened: () => opened,
    async stop() {
      state.stopped = true;
      for (const o of open.values()) o.stream.close();
      await Promise.all(pages);
    },
  };
}

async function processStats(base: string): Promise<TProcessStats> {
  const response = await fetch(`${base}/api/bench/process`);
  if (!response.ok) throw new Error(`process statistics of ${base}: ${response.status}`);
  return (await response.json()) as TProcessStats;
}

export async function soakSuite(options: { minutes: number; log: (line: string) => void }): Promise<TFigure[]> {
  ensureBuild(options.log);
  const target = await freshPostgresDatabase('consent_bench_soak');
  options.log(`${MEMBERS} members with a consultation each, their advisors`);
  const database = await openDatabase(target);
  const consentMembers = await createConsentMembers(database.prisma, MEMBERS);
  await database.close();

  const env = { DATABASE_URL: target.url, BENCH_BASELINE_ROUTES: '1' };
  const apps = await Promise.all(PORTS.map((port) => startApp(port, env)));
  const bases = PORTS.map((port) => `http://localhost:${port}`);
  const figures: TFigure[] = [];
  let streams: ReturnType<typeof churnStreams> | null = null;
  try {
    options.log('signing in the members and the advisors');
    const consentRequest = await consentMembers.signIn(bases[0]!);
    const advisorCookies: string[] = [];
    for (const [i, login] of consentMembers.advisorLogins.slice(0, ADVISORS).entries())
      advisorCookies.push(await signIn(bases[i % bases.length]!, login, TEST_PASSWORD));

    options.log(`capacity: consents at ${CONNECTIONS} connections on both instances for 20 s`);
    const capacity = await load(bases, CONNECTIONS, consentRequest, 303, { durationSeconds: 20 });
    const rate = Math.max(1, Math.floor(capacity.rps / 2));
    streams = churnStreams(bases, advisorCookies);
    const sample = async (): Promise<TSample> => {
      await streams!.hold();
      await sleep(SETTLE_MS);
      const perInstance = await Promise.all(
        bases.map(async (base) => ({ ...(await processStats(base)), streamsOpen: streams!.openOn(base) })),
      );
      streams!.release();
      return { perInstance };
    };

    const warmUpMinutes = Math.max(1, Math.round(options.minutes / 10));
    const minutes: (TRun & { rssMb: number[] })[] = [];
    let afterWarmUp: TSample | null = null;
    for (let minute = 1; minute <= options.minutes; minute++) {
      const run = await load(bases, CONNECTIONS, consentRequest, 303, { durationSeconds: MINUTE_S, overallRate: rate });
      const rssMb = (await Promise.all(bases.map(processStats))).map((s) => mb(s.rss));
      minutes.push({ ...run, rssMb });
      options.log(
        `minute ${minute}/${options.minutes}: ${run.rps.toFixed(0)} consents/s, p99 ${run.p99} ms, ${run.errors} errors, RSS ${rssMb.map((r) => r.toFixed(0)).join(' / ')} MB`,
      );
      if (minute === warmUpMinutes) afterWarmUp = await sample();
    }
    const atEnd = await sample();
    const streamErrors = streams.errors();
    const streamsOpened = streams.opened();
    await streams.stop();
    streams = null;

    const measured = minutes.slice(warmUpMinutes);
    const third = Math.max(1, Math.floor(measured.length / 3));
    const p99First = median(measured.slice(0, third).map((m) => m.p99));
    const p99Last = median(measured.slice(-third).map((m) => m.p99));
    const consentErrors = minutes.reduce((sum, m) => sum + m.errors, 0);
    const consents = minutes.reduce((sum, m) => sum + m.ok, 0);
    const series = `RSS per minute (MB, instance 1 / 2): ${minutes.map((m) => m.rssMb.map((r) => r.toFixed(0)).join('/')).join(', ')}`;

    for (const [i] of bases.entries()) {
      const before = afterWarmUp!.perInstance[i]!;
      const after = atEnd.perInstance[i]!;
      figures.push(
        explainMiss(
          figure(
            `soak-instance-${i + 1}-rss`,
            'MB',
            median(measured.slice(-third).map((m) => m.rssMb[i]!)),
            median(measured.slice(0, third).map((m) => m.rssMb[i]!)),
            { kind: 'ratio-at-most', max: 1.1 },
            // V8 gives memory back to the system only now and then: one reading swings by a fifth, so the
            // figure compares the median of each minute's reading in the last third with the first third.
            `resident memory: median of the per-minute readings in the last third (value) against the first third after ${warmUpMinutes} min of warm-up (baseline), ${options.minutes} min in all; at the samples ${mb(before.rss).toFixed(0)} → ${mb(after.rss).toFixed(0)} MB`,
          ),
          series,
        ),
        explainMiss(
          figure(
            `soak-instance-${i + 1}-handles-growth`,
            'handles',
            unaccounted(after) - unaccounted(before),
            null,
            { kind: 'value-at-most', max: 5 },
            `open handles beyond the streams open on the instance (each holds its socket and its heartbeat timer), at the end against after the warm-up: ` +
              `${unaccounted(after)} against ${unaccounted(before)}; a leak per request or per stream would be thousands (${consents} consents, ${streamsOpened} streams opened)`,
          ),
          `by kind at the end ${JSON.stringify(after.handles)} with ${after.streamsOpen} streams open, after the warm-up ${JSON.stringify(before.handles)} with ${before.streamsOpen}`,
        ),
        figure(
          `soak-instance-${i + 1}-listeners-left`,
          'listeners',
          after.liveListeners - after.streamsOpen,
          null,
          { kind: 'value-at-most', max: 0 },
          `live-update listeners beyond the streams open on it at the end (${after.liveListeners} for ${after.streamsOpen}; after the warm-up ${before.liveListeners} for ${before.streamsOpen})`,
        ),
      );
    }
    figures.push(
      explainMiss(
        figure(
          'soak-errors',
          'errors',
          consentErrors + streamErrors.count,
          null,
          { kind: 'value-at-most', max: 0 },
          `${consents} consents at ${rate}/s (half of the ${capacity.rps.toFixed(0)}/s measured first), ${consentErrors} consent errors, ${streamErrors.count} stream errors`,
        ),
        `streams: ${streamErrors.seen.join('; ') || 'none'}`,
      ),
      explainMiss(
        figure(
          'soak-p99-steady',
          'ms',
          p99Last,
          p99First,
          { kind: 'ratio-at-most', max: 1.5 },
          `median of the per-minute p99 in the last third (value) against the first third after the warm-up (baseline); per minute: ${measured.map((m) => m.p99).join(', ')} ms`,
        ),
        `per-minute p99 after the warm-up: ${measured.map((m) => m.p99).join(', ')} ms`,
      ),
    );
  } finally {
    await streams?.stop();
    await Promise.all(apps.map((a) => a.stop()));
  }
  try {
    await assertLogVerifies(target);
  } finally {
    await dropPostgresDatabase('consent_bench_soak');
  }
  return figures;
}
