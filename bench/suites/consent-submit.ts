// Item 1: consent submission over HTTP, full path (session, validation, consent check, log append,
// commit), against two yardsticks in the same server: a route that returns JSON and a route that does
// one plain single-row INSERT. autocannon at 32 and 128 connections; then two app instances.
import type autocannon from 'autocannon';
import { openDatabase } from '@/server/db/client';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { applyMigrations } from '@/server/migrate/run-migrations';
import { assertLogVerifies } from '../lib/log-verifies';
import { BENCH_SECRETS, ensureBuild, startApp } from '../lib/app-server';
import { dropPostgresDatabase, freshPgliteDir, freshPostgresDatabase } from '../lib/bench-database';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { createConsentMembers, load } from '../lib/consent-load';

const MEMBERS = 64;
const WHY =
  'the baseline route makes one statement; a consent submission makes three (the session lookup, one read of consultation, ' +
  'service and current disclosure, one write of lock, log entry, personal row and decision) plus its share of the log ' +
  'integration, and on this 2-core machine every statement costs a loopback round trip in the kernel (writev is the largest ' +
  "single item in a CPU profile under load) on top of the app's work: parsing, the session cookie, the served token's HMAC, " +
  "the log payload and its hashes. Measured one by one in this issue: Auth.js's per-request session round trip replaced by a " +
  'direct cookie decode, the Server Action replaced by a route (a bare action costs twice a plain route), the proxy kept off ' +
  'this route (Next buffers bodies for it), queries cut from about 16 to 3, and the hot statements moved off Prisma onto the ' +
  'driver: together about four times the throughput. Further: cache the session lookup per process with invalidation over ' +
  'LISTEN/NOTIFY (issue 5 brings the channel), run more app processes than cores allow here, and a Unix socket to PostgreSQL.';
const DURATION_S = 10;
const PORTS = [3301, 3302];

type TTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

async function prepareTarget(kind: 'pg' | 'pglite'): Promise<TTarget> {
  if (kind === 'pg') return freshPostgresDatabase('consent_bench_http');
  const target = { kind: 'pglite' as const, dataDir: freshPgliteDir('http-pglite') };
  const opened = await openDriverAdapter(target);
  await applyMigrations(opened.factory);
  await opened.close();
  return target;
}

export async function consentSubmitSuite(options: { kind: 'pg' | 'pglite'; log: (line: string) => void }): Promise<TFigure[]> {
  ensureBuild(options.log);
  Object.assign(process.env, BENCH_SECRETS); // the bench signs served tokens as the app does
  const { kind } = options;
  const target = await prepareTarget(kind);

  options.log(`${MEMBERS} members with a consultation each (${kind})`);
  const database = await openDatabase(target);
  await database.prisma.$executeRawUnsafe(
    'CREATE TABLE bench_insert (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL, payload jsonb NOT NULL)',
  );
  const consentMembers = await createConsentMembers(database.prisma, MEMBERS);
  // The embedded database belongs to the app process from here on.
  if (kind === 'pglite') await database.close();

  const env: Record<string, string> =
    target.kind === 'postgres'
      ? { DATABASE_URL: target.url, BENCH_BASELINE_ROUTES: '1' }
      : { DATABASE_URL: '', PGLITE_DATA_DIR: target.dataDir, BENCH_BASELINE_ROUTES: '1' };
  const apps = [await startApp(PORTS[0]!, env)];
  const figures: TFigure[] = [];
  try {
    const base0 = `http://localhost:${PORTS[0]!}`;
    options.log('signing the members in');
    const consentRequest = await consentMembers.signIn(base0);
    const jsonRequest = (): autocannon.Request => ({ method: 'GET', path: '/api/bench/json' });
    const insertRequest = (): autocannon.Request => ({ method: 'POST', path: '/api/bench/insert' });

    const measureAt = async (bases: string[], connections: number, label: string) => {
      options.log(`${label}: JSON route, INSERT route, consent submission at ${connections} connections`);
      const json = await load(bases, connections, jsonRequest, 200, { durationSeconds: DURATION_S });
      const insert = await load(bases, connections, insertRequest, 200, { durationSeconds: DURATION_S });
      const consent = await load(bases, connections, consentRequest, 303, { durationSeconds: DURATION_S });
      const notes = `JSON route ${Math.round(json.rps)} req/s; consent p99 ${consent.p99} ms; ${consent.ok} consents, ${consent.errors} errors`;
      figures.push(
        explainMiss(
          figure(`consent-submit-${kind}-${label}`, 'req/s', consent.rps, insert.rps, { kind: 'ratio-at-least', min: 0.5 }, notes),
          WHY,
        ),
        figure(`consent-submit-${kind}-${label}-errors`, 'errors', consent.errors, null, { kind: 'value-at-most', max: 0 }),
      );
      if (connections === 32 && bases.length === 1) {
        figures.push(
          explainMiss(
            figure(`consent-submit-${kind}-32-p99`, 'ms', consent.p99, null, { kind: 'value-below', max: 50 }),
            `requests queue behind a saturated CPU (see consent-submit-${kind}-32); the latency follows the throughput fix.`,
          ),
        );
      }
    };

    await measureAt([base0], 32, '32');
    if (kind === 'pg') {
      await measureAt([base0], 128, '128');
      apps.push(await startApp(PORTS[1]!, env));
      await measureAt(
        PORTS.map((p) => `http://localhost:${p}`),
        32,
        '2-instances-32',
      );
    }
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    if (kind === 'pg') await database.close();
  }
  // Every acknowledged consent is in the log, and the log verifies.
  try {
    await assertLogVerifies(target);
  } finally {
    if (kind === 'pg') await dropPostgresDatabase('consent_bench_http');
  }
  return figures;
}
