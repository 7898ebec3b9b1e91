import 'server-only';
import pg from 'pg';
import type { TOpenDatabase } from '@/server/db/client';

// An arbitrary constant naming "the retention purge" among advisory locks.
const PURGE_LOCK_KEY = 6_029_001;

const holder = globalThis as typeof globalThis & { __retentionPurgeRunning?: boolean };

/**
 * Runs `work` as the only purge: across app instances and commands on a PostgreSQL server (a session
 * advisory lock, held on a connection of its own for the whole run, which is many transactions), in
 * this process on the embedded database (nothing else can open it). Returns null, without waiting,
 * when another purge is running: it erases the same records anyway.
 */
export async function withPurgeLock<T>(database: Pick<TOpenDatabase, 'target'>, work: () => Promise<T>): Promise<T | null> {
  if (database.target.kind === 'pglite') {
    if (holder.__retentionPurgeRunning) return null;
    holder.__retentionPurgeRunning = true;
    try {
      return await work();
    } finally {
      holder.__retentionPurgeRunning = false;
    }
  }
  const client = new pg.Client({ connectionString: database.target.url, application_name: 'consent-retention-purge' });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PURGE_LOCK_KEY]);
    if (!rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PURGE_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
