import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { BENCH_PG_URL } from './bench-database';

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** What the figures were measured on: they mean little without it. */
export async function machineFacts() {
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  const settings = await client.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections')`,
  );
  await client.end();
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: rows[0]?.server_version ?? 'unknown',
    postgresSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
    versions: {
      next: version('next'),
      react: version('react'),
      prisma: version('@prisma/client'),
      pglite: version('@electric-sql/pglite'),
      pg: version('pg'),
      autocannon: version('autocannon'),
    },
  };
}
