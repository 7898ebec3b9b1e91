// Fresh, migrated databases for a benchmark: on the PostgreSQL server (a database of its own) or an
// embedded PGlite directory under bench/out/.
import { rmSync } from 'node:fs';
import pg from 'pg';
import type { TDatabaseTarget } from '@/server/db/database-target';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { applyMigrations } from '@/server/migrate/run-migrations';

export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function pgUrlFor(database: string): string {
  const url = new URL(BENCH_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function freshPostgresDatabase(name: string): Promise<TDatabaseTarget & { kind: 'postgres' }> {
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = { kind: 'postgres' as const, url: pgUrlFor(name) };
  const { factory, close } = await openDriverAdapter(target, { poolSize: 1 });
  await applyMigrations(factory);
  await close();
  return target;
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: BENCH_PG_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export function freshPgliteDir(name: string): string {
  const dir = `bench/out/${name}`;
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.lock`, { force: true });
  return dir;
}
