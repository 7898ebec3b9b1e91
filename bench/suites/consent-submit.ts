// Item 1: consent submission over HTTP, full path (session, validation, consent check, log append,
// commit), against two yardsticks in the same server: a route that returns JSON and a route that does
// one plain single-row INSERT. autocannon at 32 and 128 connections; then two app instances.
import type autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '@/server/db/client';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { applyMigrations } from '@/server/migrate/run-migrations';
import { assertLogVerifies } from '../lib/log-verifies';
import { ensureBuild, startApp } from '../lib/app-server';
import { dropPostgresDatabase, freshPgliteDir, freshPostgresDatabase } from '../lib/bench-database';
import { type TFigure, explainMiss, figure } from '../lib/figures';
import { createConsentMembers, load } from '../lib/consent-load';
import { type TCpuShares, type TRole, cpuMsPerRequest, describeShares, withCpuShares } from '../lib/cpu-shares';
import { BENCH_PG_URL } from '../lib/bench-database';

const MEMBERS = 64;
const DURATION_S = 10;
const PORTS = [3301, 3302];

type TTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/** "app 3.1 ms per consent against 1.2 per INSERT; PostgreSQL …": what each request cost the processes that served it. */
function cpuPerRequest(consent: { shares: TCpuShares; ok: number }, insert: { shares: TCpuShares; ok: number }): string {
  const roles: TRole[] = ['app', 'PostgreSQL'];
  return roles
    .flatMap((role) => {
      const perConsent = cpuMsPerRequest(consent.shares, role, consent.ok);
      const perInsert = cpuMsPerRequest(insert.shares, role, insert.ok);
      return perConsent === null || perInsert === null
        ? []
        : [`${role} ${perConsent.toFixed(2)} ms per consent against ${perInsert.toFixed(2)} per INSERT`];
    })
    .join('; ');
}

/** The session lookups the app instances answered so far, from memory (hits) or the table (misses). */
async function sessionLookups(bases: string[]): Promise<{ hits: number; misses: number }> {
  const each = await Promise.all(
    bases.map(async (base) => (await (await fetch(`${base}/api/bench/session-cache`)).json()) as { hits: number; misses: number }),
  );
  return { hits: each.reduce((sum, s) => sum + s.hits, 0), misses: each.reduce((sum, s) => sum + s.misses, 0) };
}

/** Transactions committed in the benchmark's database so far (PostgreSQL's own count); null on PGlite. */
async function transactionsCommitted(target: TTarget): Promise<number | null> {
  if (target.kind !== 'postgres') return null;
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  await client.connect();
  try {
    // The statistics are flushed by each backend at most once a second: wait for the count to settle.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { rows } = await client.query<{ n: string }>('SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1', [
      new URL(target.url).pathname.slice(1),
    ]);
    return Number(rows[0]?.n ?? Number.NaN);
  } finally {
    await client.end();
  }
}

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

    // What a load cost: CPU by process, and (on the server) the database's transactions per request.
    const measuredLoad = async (bases: string[], connections: number, request: Parameters<typeof load>[2], status: number) => {
      const before = await transactionsCommitted(target);
      const lookupsBefore = await sessionLookups(bases);
      const { result, shares } = await withCpuShares(() => load(bases, connections, request, status, { durationSeconds: DURATION_S }));
      const lookupsAfter = await sessionLookups(bases);
      const after = await transactionsCommitted(target);
      const transactions = before === null || after === null ? null : (after - before) / Math.max(1, result.ok);
      const hits = lookupsAfter.hits - lookupsBefore.hits;
      const lookups = hits + lookupsAfter.misses - lookupsBefore.misses;
      return { ...result, shares, transactions, fromMemory: lookups > 0 ? hits / lookups : null };
    };
    const measureAt = async (bases: string[], connections: number, label: string) => {
      options.log(`${label}: JSON route, INSERT route, consent submission at ${connections} connections`);
      const json = await load(bases, connections, jsonRequest, 200, { durationSeconds: DURATION_S });
      const insert = await measuredLoad(bases, connections, insertRequest, 200);
      const consent = await measuredLoad(bases, connections, consentRequest, 303);
      const notes = `JSON route ${Math.round(json.rps)} req/s; consent p99 ${consent.p99} ms; ${consent.ok} consents, ${consent.errors} errors`;
      const seen =
        `during the consents: ${describeShares(consent.shares)}; during the INSERTs: ${describeShares(insert.shares)}` +
        (consent.transactions === null || insert.transactions === null
          ? ''
          : `; database transactions committed per request, the app's background work (log integration, checkpoints) included and each statement outside a transaction counted as one: ${consent.transactions.toFixed(1)} per consent, ${insert.transactions.toFixed(1)} per INSERT`) +
        (consent.fromMemory === null
          ? ''
          : `; session lookups answered from the instances' caches: ${(consent.fromMemory * 100).toFixed(0)} %`) +
        `; CPU per request: ${cpuPerRequest(consent, insert)}` +
        (kind === 'pglite' ? ' (the embedded database runs in the app process, on its one JavaScript thread)' : '');
      figures.push(
        explainMiss(
          figure(`consent-submit-${kind}-${label}`, 'req/s', consent.rps, insert.rps, { kind: 'ratio-at-least', min: 0.5 }, notes),
          seen,
        ),
        figure(`consent-submit-${kind}-${label}-errors`, 'errors', consent.errors, null, { kind: 'value-at-most', max: 0 }),
      );
      if (connections === 32 && bases.length === 1) {
        figures.push(
          explainMiss(
            figure(`consent-submit-${kind}-32-p99`, 'ms', consent.p99, null, { kind: 'value-below', max: 50 }),
            // Little's law: with `connections` requests always open, the mean time per request is connections / throughput.
            `with ${connections} consents always open, the mean time per consent is ${connections} / ${Math.round(consent.rps)} per s = ` +
              `${((connections / consent.rps) * 1000).toFixed(0)} ms (Little's law); a p99 under 50 ms needs nearly every consent, and so the mean, under 50 ms: ` +
              `more than ${connections / 0.05} consents/s, against ${Math.round(insert.rps)} plain INSERTs/s in the same server; ` +
              describeShares(consent.shares),
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
