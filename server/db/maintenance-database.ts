import 'server-only';
import pg from 'pg';

/**
 * Runs `work` on a connection to the server's `postgres` database (a database cannot drop or create
 * itself), with the name of the database the URL names, checked so that it can be quoted safely.
 */
export async function onMaintenanceDatabase<T>(url: string, work: (admin: pg.Client, name: string) => Promise<T>): Promise<T> {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing unusual database name "${name}"`);
  parsed.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: parsed.toString() });
  await admin.connect();
  try {
    return await work(admin, name);
  } finally {
    await admin.end();
  }
}

/** Drops the database the URL names, if it exists (other sessions on it are ended). */
export async function dropDatabase(url: string): Promise<void> {
  await onMaintenanceDatabase(url, (admin, name) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Creates the database the URL names, dropping an existing one of that name first. */
export async function createFreshDatabase(url: string): Promise<void> {
  await onMaintenanceDatabase(url, async (admin, name) => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  });
}
