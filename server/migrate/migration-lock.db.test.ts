// Several instances starting at once run `npm run db:migrate` at once: one applies, the others wait for
// it (logging that they wait) and then find nothing left to do. Real processes on a real server database.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrationsFolder } from '@/server/migrate/migrations-folder';
import { MIGRATION_LOCK_KEY } from '@/server/migrate/migration-lock';
import { TEST_PG_URL } from '@/tests/database';

type TRun = { child: ChildProcess; output: string[]; exited: Promise<number | null> };

const databases: string[] = [];

function urlOf(database: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(use: (client: pg.Client) => Promise<T>, url = TEST_PG_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function freshDatabase(): Promise<string> {
  const name = `consent_test_migrate_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  databases.push(name);
  return urlOf(name);
}

function migrate(url: string): TRun {
  const child = spawn('npm', ['run', '-s', 'db:migrate'], {
    env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  child.stderr.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { child, output, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

async function appliedMigrations(url: string): Promise<string[] | null> {
  return admin(async (c) => {
    const { rows } = await c.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
    if (!rows[0]!.exists) return null;
    const applied = await c.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    return applied.rows.map((r) => r.migration_name);
  }, url);
}

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(async () => {
  for (const name of databases.splice(0)) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

describe('migrations on a PostgreSQL server started by several instances at once', () => {
  it('four concurrent runs all succeed and leave one history with every migration once', async () => {
    const url = await freshDatabase();
    const runs = Array.from({ length: 4 }, () => migrate(url));
    const codes = await Promise.all(runs.map((r) => r.exited));
    const outputs = runs.map((r) => r.output.join('\n'));
    expect(codes, outputs.join('\n---\n')).toEqual([0, 0, 0, 0]);

    const expected = (await readMigrationsFolder()).migrationDirectories.map((d) => d.path).sort();
    expect(await appliedMigrations(url)).toEqual(expected);
    const history = await admin(
      (c) =>
        c.query<{ n: number; distinct: number }>(
          'SELECT count(*)::int AS n, count(DISTINCT migration_name)::int AS distinct FROM _prisma_migrations',
        ),
      url,
    );
    expect(history.rows[0]).toEqual({ n: expected.length, distinct: expected.length });
    // Exactly one run applied them; the others found the database up to date.
    expect(outputs.filter((o) => o.includes(`Applied ${expected.length} migration(s)`))).toHaveLength(1);
    expect(outputs.filter((o) => o.includes('is up to date'))).toHaveLength(3);
  }, 90_000);

  it('a run that finds the lock taken says so, applies nothing while it waits, and finishes once it is released', async () => {
    const url = await freshDatabase();
    // The test plays the instance that is migrating: it holds the lock on a connection of its own.
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    let released = false;
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
      const run = migrate(url);
      await until(
        () => run.output.some((line) => line.startsWith('Waiting for another instance')),
        30_000,
        () => `the waiting line; output: ${run.output.join('\n')}`,
      );
      // It waits on the lock itself (PostgreSQL shows the blocked advisory lock) and has written nothing.
      const blocked = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(blocked.rows[0]!.n).toBe(1);
      expect(await appliedMigrations(url)).toBeNull();
      expect(run.child.exitCode).toBeNull();

      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
      released = true;
      expect(await run.exited, run.output.join('\n')).toBe(0);
      expect(run.output.some((line) => line.startsWith('Got the migration lock after'))).toBe(true);
      expect((await appliedMigrations(url))?.length).toBe((await readMigrationsFolder()).migrationDirectories.length);
    } finally {
      if (!released) await holder.query('SELECT pg_advisory_unlock_all()').catch(() => {});
      await holder.end();
    }
  }, 90_000);
});
