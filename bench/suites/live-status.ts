// Issue 5: live status fan-out. A member submits a consent to one app instance; how long until the
// advisor's open event stream (on the same or another instance) announces it? Against the bare database
// round trip of one NOTIFY to one LISTEN connection on the same server, measured in the same run.
import pg from 'pg';
import { termsDigest } from '@/server/consent-rules/consent-terms';
import { issueServedToken } from '@/server/consent/served-token';
import { openDatabase } from '@/server/db/client';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { createConsultation } from '@/prisma/seed/factories';
import { TEST_PASSWORD, createScenario, createServices } from '@/tests/scenario';
import { BENCH_SECRETS, ensureBuild, startApp } from '../lib/app-server';
import { dropPostgresDatabase, freshPostgresDatabase } from '../lib/bench-database';
import { describeShares, sampleCpuShares } from '../lib/cpu-shares';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { openEventStream } from '../lib/event-stream';
import { signIn } from '../lib/no-js-form';

const PORTS = [3307, 3308];
const SCENARIOS = 40;
const TARGET_P95_MS = 500;

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

/** The database's own fan-out: NOTIFY on one connection until a LISTEN connection hears it. */
async function notifyBaseline(url: string, samples: number): Promise<number> {
  const listener = new pg.Client({ connectionString: url });
  const notifier = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), notifier.connect()]);
  await listener.query('LISTEN bench_fanout');
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const heard = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
    const started = performance.now();
    await notifier.query(`NOTIFY bench_fanout, '${i}'`);
    await heard;
    times.push(performance.now() - started);
  }
  await Promise.all([listener.end(), notifier.end()]);
  return p95(times);
}

export async function liveStatusSuite(options: { log: (line: string) => void }): Promise<TFigure[]> {
  ensureBuild(options.log);
  const target = await freshPostgresDatabase('consent_bench_live');
  const database = await openDatabase(target);
  const services = await createServices(database.prisma);
  const disclosure = (await currentDisclosure(database.prisma, services.own.id, 'de'))!;
  const terms = termsDigest('de', services.own, 'MEMBER');
  // Each member has two consultations on the same service: one for each round, each decided once.
  const scenarios: (Awaited<ReturnType<typeof createScenario>> & { consultations: string[] })[] = [];
  for (let i = 0; i < SCENARIOS; i++) {
    const s = await createScenario(database.prisma, services, { authSecret: BENCH_SECRETS.AUTH_SECRET });
    const second = await createConsultation(database.prisma, {
      memberId: s.member.id,
      advisorId: s.advisor.id,
      videoServiceId: services.own.id,
      topic: 'Zweiter Termin',
      startsAt: s.onOwn.startsAt,
    });
    scenarios.push({ ...s, consultations: [s.onOwn.id, second.id] });
  }
  await database.close();

  const apps = await Promise.all(PORTS.map((port) => startApp(port, { DATABASE_URL: target.url })));
  const figures: TFigure[] = [];
  try {
    options.log('NOTIFY → LISTEN on the bare database');
    const baseline = await notifyBaseline(target.url, 100);
    const [memberBase, otherBase] = PORTS.map((port) => `http://localhost:${port}`) as [string, string];
    options.log(`signing in ${SCENARIOS} members and their advisors`);
    const people: { s: (typeof scenarios)[number]; member: string; advisor: string }[] = [];
    for (const s of scenarios) {
      people.push({
        s,
        member: await signIn(memberBase, s.member.loginName, TEST_PASSWORD),
        advisor: await signIn(otherBase, s.advisor.loginName, TEST_PASSWORD),
      });
    }
    let round = 0;
    // `tabs` streams per advisor (pages open in several tabs): each consent must reach every one of them.
    const measure = async (label: string, streamBase: string, tabs = 1) => {
      options.log(`consent → advisor's event stream, ${label}`);
      const streams = await Promise.all(
        people.map((p) => Promise.all(Array.from({ length: tabs }, () => openEventStream(streamBase, p.advisor)))),
      );
      const times: number[] = [];
      const requestTimes: number[] = [];
      const sampler = sampleCpuShares();
      for (const [i, p] of people.entries()) {
        // A third round decides on the first consultation again: a new page, a new decision, a new change.
        const consultationId = p.s.consultations[round % 2]!;
        const served = issueServedToken({
          d: disclosure.id,
          h: disclosure.contentHash,
          l: 'de',
          m: p.s.member.id,
          c: consultationId,
          s: terms,
        });
        const heard = Promise.all(streams[i]!.map((stream) => stream.next(consultationId)));
        const submitted = performance.now();
        const response = await fetch(`${memberBase}/api/consultations/${consultationId}/decision`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: p.member, origin: memberBase },
          body: new URLSearchParams({ servedToken: served, transmission: 'yes', intent: 'consent' }),
          redirect: 'manual',
        });
        requestTimes.push(performance.now() - submitted);
        if (response.status !== 303 || !(response.headers.get('location') ?? '').includes('saved=given'))
          throw new Error(`consent not saved: ${response.status} ${String(response.headers.get('location'))}`);
        times.push(Math.max(...(await heard)) - submitted);
      }
      const shares = sampler.stop();
      for (const s of streams.flat()) s.close();
      round += 1;
      const value = p95(times);
      figures.push(
        explainMiss(
          figure(
            `live-status-fanout-${label}-p95`,
            'ms',
            value,
            baseline,
            { kind: 'value-below', max: TARGET_P95_MS },
            `from the member's submit to the advisor's event (the consent's own request included; the page then re-renders in one request); ${times.length} consents; ${streams.flat().length} streams open (${tabs} per advisor, the last of them counts); baseline: NOTIFY → LISTEN p95 on the bare database`,
          ),
          `of the p95, the consent's own request took ${p95(requestTimes).toFixed(1)} ms (p95); during the consents: ${describeShares(shares)}`,
        ),
      );
    };
    // The member's instance announces to its own streams, then to another instance's.
    await measure('1-instance', memberBase);
    await measure('2-instances', otherBase);
    // Issue 21, point 5: 200 streams open at once on the other instance, five per advisor.
    await measure('200-streams', otherBase, 200 / SCENARIOS);
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await dropPostgresDatabase('consent_bench_live');
  }
  return figures;
}
