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
  const ownScripts: { src: string; size: number }[] = [];
  for (const src of scripts) {
    const size = gzipSync(Buffer.from(await (await fetch(`${base}${src}`)).arrayBuffer())).length;
    if (framework.has(src)) frameworkGz += size;
    else {
      ownGz += size;
      ownScripts.push({ src, size });
    }
  }
  ownScripts.sort((a, b) => b.size - a.size);
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
      `in Lighthouse's report: ${scores.performanceSeen}; the framework runtime is ${kb(frameworkGz).toFixed(0)} KB gzipped`,
    ),
    explainMiss(
      figure(`${name}-lighthouse-accessibility`, 'score', scores.accessibility, null, { kind: 'value-at-least', min: 100 }),
      `failed audits: ${scores.accessibilityFailures.join('; ') || 'none named'}`,
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
      `the page's own scripts, gzipped: ${ownScripts.map((x) => `${x.src.replace('/_next/static/chunks/', '')} ${kb(x.size).toFixed(1)} KB`).join(', ')}`,
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
