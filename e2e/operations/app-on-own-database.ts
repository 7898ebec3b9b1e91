// The built app on a PostgreSQL database of its own on the e2e server, for specs that must know that every
// row was written by their own requests (the fuzzing, docs/decisions/0039) or that start the app with a
// configuration of their own (trusted proxies, 0046). The database is dropped when the app stops.
import { execSync } from 'node:child_process';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import { dropDatabase } from '@/server/db/maintenance-database';
import { type TAppProcess, startApp } from './app-process';
import { E2E_DATABASE_URL } from '../env';

/** `…/consent_e2e` → `…/consent_e2e_<suffix>`. */
function ownDatabaseUrl(suffix: string): string {
  const url = new URL(E2E_DATABASE_URL);
  url.pathname = `${url.pathname}_${suffix}`;
  return url.toString();
}

export type TAppOnOwnDatabase = { app: TAppProcess; database: TOpenDatabase; stop(): Promise<void> };

/** A fresh, migrated database of its own; its URL. */
export function prepareOwnDatabase(suffix: string): string {
  const databaseUrl = ownDatabaseUrl(suffix);
  const { PGLITE_DATA_DIR: _embedded, ...inherited } = process.env;
  const run = (command: string) => execSync(command, { env: { ...inherited, DATABASE_URL: databaseUrl }, stdio: 'pipe' });
  run('npm run -s db:create -- --fresh');
  run('npm run -s db:migrate');
  return databaseUrl;
}

export async function startAppOnOwnDatabase(
  suffix: string,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<TAppOnOwnDatabase> {
  const databaseUrl = prepareOwnDatabase(suffix);
  // The public origin the print API prints into letters (it refuses to make one without it).
  const app = await startApp({ databaseUrl }, port, { AUTH_URL: `http://localhost:${port}`, ...extraEnv });
  const database = await openDatabase({ kind: 'postgres', url: databaseUrl });
  return {
    app,
    database,
    async stop() {
      await database.close();
      app.child.kill('SIGTERM');
      await app.exited;
      // Nothing of it stays behind on the shared server.
      await dropDatabase(databaseUrl);
    },
  };
}
