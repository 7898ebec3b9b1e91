// Test databases: each test file gets a fresh, migrated database on both targets, so the data layer
// is proven on the embedded default and on the PostgreSQL server alike. Each starts as a copy of the
// migration history applied once per run (tests/database-templates.ts, Vitest's global setup).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import type { TDatabaseTarget } from '@/server/db/database-target';
import { onMaintenanceDatabase } from '@/server/db/maintenance-database';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export type TTestDatabase = TOpenDatabase & { drop(): Promise<void> };

/** One statement on the server's maintenance database (creating, copying and dropping test databases). */
export async function adminQuery(sql: string): Promise<void> {
  await onMaintenanceDatabase(TEST_PG_URL, (admin) => admin.query(sql));
}

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TTestDatabase> {
  let target: TDatabaseTarget;
  let dropDatabase = async () => {};
  if (kind === 'postgres') {
    const name = `consent_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    target = { kind: 'postgres', url: withDatabase(TEST_PG_URL, name) };
    dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    target = { kind: 'pglite', dataDir: 'memory://', startFrom: new Blob([readFileSync(inject('pgliteTemplateFile'))]) };
  }
  const opened = await openDatabase(target);
  return {
    ...opened,
    async drop() {
      await opened.close();
      await dropDatabase();
    },
  };
}

export const DATABASE_KINDS = ['pglite', 'postgres'] as const;

/** Runs a suite once per database kind. */
export function describeEachDatabase(name: string, suite: (kind: (typeof DATABASE_KINDS)[number]) => void) {
  for (const kind of DATABASE_KINDS) describe(`${name} [${kind}]`, () => suite(kind));
}

/** Makes `db()` in the data layer answer with this database, as the app's process database would. */
export function useAsProcessDatabase(database: TOpenDatabase): void {
  (globalThis as { __consentGatewayDb?: Promise<TOpenDatabase> }).__consentGatewayDb = Promise.resolve(database);
}

/**
 * Registers a fresh database for the enclosing suite, used by the data layer's `db()` too, and
 * returns a getter for it.
 */
export function useTestDatabase(kind: (typeof DATABASE_KINDS)[number]): () => TTestDatabase {
  let database: TTestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    useAsProcessDatabase(database);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (!database) throw new Error('test database not ready');
    return database;
  };
}
