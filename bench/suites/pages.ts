// Item 4: the member's consent page and the advisor's dashboard — server response time against the
// JSON route, HTML size, gzipped JavaScript split into the framework runtime (the build's root main
// files, on every page) and the page's own code, and Lighthouse's performance and accessibility scores.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { openDatabase } from '@/server/db/client';
import { TEST_PASSWORD, createScenario } from '@/tests/scenario';
import { BENCH_SECRETS, ensureBuild, startApp } from '../lib/app-server';
import { dropPostgresDatabase, freshPostgresDatabase } from '../lib/bench-database';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { lighthouseScores } from '../lib/lighthouse';
import { signIn } from '../lib/no-js-form';

const PORT = 3303;
const SAMPLES = 30;

async function medianMs(url: string, cookie?: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await (await fetch(url, { headers: cookie ? { cookie } : {} })).arrayBuffer();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(SAMPLES / 2)]!;
}

async function measurePage(base: string, name: string, path: string, cookie: string, jsonMs: number): Promise<TFigure[]> {
  const html = await (await fetch(`${base}${path}`, { headers: { cookie } })).text();
  const manifest = JSON.parse(readFileSync('.next/build-manifest.json', 'utf8')) as { rootMainFiles: string[]; polyfillFiles: string[] };
  const framework = new Set([...manifest.rootMainFiles, ...manifest.polyfillFiles].map((f) => `/_next/${f}`));
  const scripts = new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!));
  let frameworkGz = 0;
  let ownGz = 0;
  for (const src of scripts) {
    const size = gzipSync(Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer())).length;
    if (framework.has(src)) frameworkGz += size;
    else ownGz += size;
  }
  const response = await medianMs(`${base}${path}`, cookie);
  const kb = (bytes: number) => bytes / 1024;
  // Without JavaScript every form must still post somewhere: to a route (an action URL) or to its Server
  // Action (the server renders the action's hidden fields into the form).
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
  const worksWithoutJs =
    forms.length > 0 &&
    forms.every(
      ([, attributes, body]) =>
        /method="post"/i.test(attributes!) && (/action="\/[^"]*"/.test(attributes!) || body!.includes('name="$ACTION_')),
    );
  const noJs =
    name === 'consent-page'
      ? [
          figure(
            `${name}-works-without-js`,
            'yes=1',
            worksWithoutJs ? 1 : 0,
            null,
            { kind: 'value-at-least', min: 1 },
            'forms post without JavaScript (the e2e suite runs the flow with JavaScript off)',
          ),
        ]
      : [];
  const scores = await lighthouseScores(`${base}${path}`, cookie);
  const lighthouseFigures = [
    explainMiss(
      figure(
        `${name}-lighthouse-performance`,
        'score',
        scores.performance,
        null,
        { kind: 'value-at-least', min: 95 },
        `Lighthouse 12, desktop preset, simulated throttling: ${scores.metrics}`,
      ),
      'the page paints its largest text with its first paint (observed LCP = FCP = 0.2 s; with throttling "provided" ' +
        "the score is 100), but Lighthouse's simulation (Lantern) counts every request that finished before the observed LCP, " +
        `and its script evaluation, as a dependency of the LCP. Here the ${kb(frameworkGz).toFixed(0)} KB (gzipped) React and Next runtime is ` +
        'requested from the streamed <head>, arrives and runs (about 300 ms of evaluation and hydration under Lighthouse on this ' +
        'CPU) before the parser finishes the body, so the simulated LCP waits for all of it. Fix candidates: a first paint before ' +
        'the runtime arrives (a smaller body: the disclosure text is sent twice, as HTML and in the RSC payload) or less ' +
        'hydration work; Next decides where and how its own scripts load.',
    ),
    explainMiss(
      figure(`${name}-lighthouse-accessibility`, 'score', scores.accessibility, null, { kind: 'value-at-least', min: 100 }),
      'to be analysed from the Lighthouse report.',
    ),
  ];
  return [
    ...noJs,
    ...lighthouseFigures,
    figure(`${name}-response`, 'ms (median)', response, jsonMs, { kind: 'info' }, `baseline: the JSON route's median in the same server`),
    figure(`${name}-html`, 'KB', kb(Buffer.byteLength(html)), null, { kind: 'info' }, `${kb(gzipSync(html).length).toFixed(1)} KB gzipped`),
    figure(`${name}-framework-js-gz`, 'KB', kb(frameworkGz), null, { kind: 'info' }, 'React and Next runtime, shared by every page'),
    explainMiss(
      figure(
        `${name}-own-js-gz`,
        'KB',
        kb(ownGz),
        null,
        name === 'consent-page' ? { kind: 'value-below', max: 30 } : { kind: 'info' },
        "the page's own client code",
      ),
      'client components on the page (consent form, error summary, session warning) and next-intl pull in more than they need.',
    ),
  ];
}

export async function pagesSuite(options: { log: (line: string) => void }): Promise<TFigure[]> {
  ensureBuild(options.log);
  const target = await freshPostgresDatabase('consent_bench_pages');
  const database = await openDatabase(target);
  const scenario = await createScenario(database.prisma, undefined, { authSecret: BENCH_SECRETS.AUTH_SECRET });
  await database.close();
  const app = await startApp(PORT, { DATABASE_URL: target.url, BENCH_BASELINE_ROUTES: '1' });
  try {
    const base = `http://localhost:${PORT}`;
    const jsonMs = await medianMs(`${base}/api/bench/json`);
    options.log('consent page');
    const memberCookie = await signIn(base, scenario.member.loginName, TEST_PASSWORD);
    const figures = await measurePage(base, 'consent-page', `/member/consultations/${scenario.onOwn.id}`, memberCookie, jsonMs);
    options.log('advisor dashboard');
    const advisorCookie = await signIn(base, scenario.advisor.loginName, TEST_PASSWORD);
    figures.push(...(await measurePage(base, 'advisor-dashboard', '/advisor', advisorCookie, jsonMs)));
    return figures;
  } finally {
    await app.stop();
    await dropPostgresDatabase('consent_bench_pages');
  }
}
