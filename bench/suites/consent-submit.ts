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
import { describeShares, withCpuShares } from '../lib/cpu-shares';
import { BENCH_PG_URL } from '../lib/bench-database';

const MEMBERS = 64;
const DURATION_S = 10;
const PORTS = [3301, 3302];

type TTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

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
      const { result, shares } = await withCpuShares(() => load(bases, connections, request, status, { durationSeconds: DURATION_S }));
      const after = await transactionsCommitted(target);
      const transactions = before === null || after === null ? null : (after - before) / Math.max(1, result.ok);
      return { ...result, shares, transactions };
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
          : `; database transactions per request (each statement outside a transaction counts as one): ${consent.transactions.toFixed(1)} per consent, ${insert.transactions.toFixed(1)} per INSERT`);
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
            `at ${Math.round(consent.rps)} consents/s, ${describeShares(consent.shares)}`,
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
