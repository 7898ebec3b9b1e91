import 'server-only';
import pg from 'pg';

/**
 * The key of the session-level advisory lock held while migrations are applied on a PostgreSQL server
 * (docs/decisions/0037). Fixed, so every instance and every `npm run db:migrate` of any version agrees on
 * it. Deliberately not Prisma's own key (72707369): the schema engine takes that one itself, on its own
 * connection, right after we hold ours; the same key would make the engine wait for us.
 * Advisory locks are per database, so instances of different databases on one server never wait for each other.
 */
export const MIGRATION_LOCK_KEY = 4_207_202_611_260_037n;

/** How often a waiting process says again that it is still waiting. */
const STILL_WAITING_EVERY_MS = 15_000;

/**
 * Runs `apply` while holding the migration lock on a dedicated connection (outside any pool, so the
 * lock is not handed to another query by accident). The first process takes it at once; the others
 * say they wait, wait until it is released, and then find nothing (or only what is left) to apply.
 * A process that dies releases the lock with its connection.
 */
export async function withMigrationLock<T>(url: string, apply: () => Promise<T>, say: (line: string) => void = console.log): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'consent-gateway-migrate' });
  // A lost connection ends the lock too; the error surfaces from the query in flight or from apply().
  client.on('error', () => {});
  await client.connect();
  try {
    const key = MIGRATION_LOCK_KEY.toString();
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    if (!rows[0]?.locked) {
      say(`Waiting for another instance to finish its migrations (PostgreSQL advisory lock ${key})…`);
      const started = Date.now();
      const reminder = setInterval(
        () => say(`Still waiting for the migration lock (${Math.round((Date.now() - started) / 1000)} s)…`),
        STILL_WAITING_EVERY_MS,
      );
      try {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
      } finally {
        clearInterval(reminder);
      }
      say(`Got the migration lock after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    }
    try {
      return await apply();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
