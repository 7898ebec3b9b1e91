// The consent submission load of the benchmarks: members signed in without JavaScript, each request a new
// page's form post with its own served token, sent by autocannon; and the run's totals.
import autocannon from 'autocannon';
import { termsDigest } from '@/server/consent-rules/consent-terms';
import { issueServedToken } from '@/server/consent/served-token';
import type { TDb } from '@/server/db/client';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { TEST_PASSWORD, createScenario, createServices } from '@/tests/scenario';
import { BENCH_SECRETS } from './app-server';
import { signIn } from './no-js-form';

export type TRun = { rps: number; p99: number; ok: number; errors: number };

/** Runs autocannon against each base URL at once (connections split evenly) and sums the results. */
export async function load(
  bases: string[],
  connections: number,
  request: (base: string) => autocannon.Request,
  okStatus: number,
  options: { durationSeconds: number; overallRate?: number },
): Promise<TRun> {
  const results = await Promise.all(
    bases.map(
      (base) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          autocannon(
            {
              url: base,
              connections: connections / bases.length,
              duration: options.durationSeconds,
              requests: [request(base)],
              ...(options.overallRate ? { overallRate: options.overallRate / bases.length } : {}),
            },
            (error: Error | null, result) => {
              if (error) reject(error);
              else resolve(result);
            },
          );
        }),
    ),
  );
  const ok = results.reduce((sum, r) => sum + ((r.statusCodeStats as Record<string, { count: number }>)[okStatus]?.count ?? 0), 0);
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  return {
    rps: ok / options.durationSeconds,
    p99: Math.max(...results.map((r) => r.latency.p99)),
    ok,
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0) + (total - ok),
  };
}

type TMember = { cookie: string; consultationId: string; disclosureId: string; disclosureHash: string; memberId: string; terms: string };

/** Members with a consultation each, written before the app starts (the embedded database is then the app's). */
export async function createConsentMembers(prisma: TDb, count: number) {
  const services = await createServices(prisma);
  const scenarios: Awaited<ReturnType<typeof createScenario>>[] = [];
  // The advisors' second factor is sealed with the apps' AUTH_SECRET, so that they can sign in too.
  for (let i = 0; i < count; i++) scenarios.push(await createScenario(prisma, services, { authSecret: BENCH_SECRETS.AUTH_SECRET }));
  const disclosure = (await currentDisclosure(prisma, services.own.id, 'de'))!;
  const terms = termsDigest('de', services.own, 'MEMBER');
  return {
    /** Each member's advisor (the one whose event stream hears that member's decisions). */
    advisorLogins: scenarios.map((s) => s.advisor.loginName),
    /** Signs every member in at the app and returns the request builder for their consent posts. */
    async signIn(base: string): Promise<(base: string) => autocannon.Request> {
      const members: TMember[] = [];
      for (const s of scenarios) {
        members.push({
          cookie: await signIn(base, s.member.loginName, TEST_PASSWORD),
          consultationId: s.onOwn.id,
          disclosureId: disclosure.id,
          disclosureHash: disclosure.contentHash,
          memberId: s.member.id,
          terms,
        });
      }
      let n = 0;
      // Every request is a new page's submission, posted as a browser without JavaScript posts the
      // form: its own served token, so none is a duplicate.
      return (target: string): autocannon.Request => ({
        method: 'POST',
        setupRequest: (request) => {
          const m = members[n++ % members.length]!;
          const servedToken = issueServedToken({
            d: m.disclosureId,
            h: m.disclosureHash,
            l: 'de',
            m: m.memberId,
            c: m.consultationId,
            s: m.terms,
          });
          const body = new URLSearchParams({ servedToken, transmission: 'yes', intent: 'consent' }).toString();
          return {
            ...request,
            path: `/api/consultations/${m.consultationId}/decision`,
            body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: m.cookie, origin: target },
          };
        },
      });
    },
  };
}
