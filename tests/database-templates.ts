// Vitest's global setup: the migration history is applied once per run on each database kind, and every
// test file's fresh database starts as a copy of that result. A new PGlite database runs initdb (seconds
// of WASM work) and applying the history costs more again; ~30 test files per kind did both each time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { applyMigrations } from '@/server/migrate/run-migrations';
import { TEST_PG_URL, adminQuery, withDatabase } from './database';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- module augmentation merges only into an interface
  export interface ProvidedContext {
    /** A dump of a migrated PGlite data directory (PGlite's `dumpDataDir`). */
    pgliteTemplateFile: string;
    /** A migrated PostgreSQL database that test databases are created from (`CREATE DATABASE … TEMPLATE`). */
    postgresTemplate: string;
  }
}

async function migratedPgliteDump(file: string): Promise<void> {
  const { factory, pglite, close } = await openDriverAdapter({ kind: 'pglite', dataDir: 'memory://' });
  try {
    await applyMigrations(factory);
    writeFileSync(file, Buffer.from(await (await pglite!.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await close();
  }
}

async function migratedPostgresTemplate(name: string): Promise<void> {
  await adminQuery(`CREATE DATABASE ${name}`);
  // The template must have no connections left when it is copied: the migration's pool is ended here.
  const { factory, close } = await openDriverAdapter({ kind: 'postgres', url: withDatabase(TEST_PG_URL, name) }, { poolSize: 1 });
  try {
    await applyMigrations(factory);
  } finally {
    await close();
  }
}

export default async function setup(project: TestProject) {
  const folder = mkdtempSync(path.join(tmpdir(), 'consent-gateway-template-'));
  const pgliteTemplateFile = path.join(folder, 'pglite-migrated.tar');
  // Random, so that two checkouts testing side by side on one server do not share (or drop) a template.
  const postgresTemplate = `consent_template_${randomBytes(6).toString('hex')}`;
  await Promise.all([migratedPgliteDump(pgliteTemplateFile), migratedPostgresTemplate(postgresTemplate)]);
  project.provide('pgliteTemplateFile', pgliteTemplateFile);
  project.provide('postgresTemplate', postgresTemplate);
  return async () => {
    rmSync(folder, { recursive: true, force: true });
    await adminQuery(`DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
  };
}
