// The fuzzing's own app: a database of its own on the e2e PostgreSQL server and `next start` on it, so that
// every row counted before and after a batch was written by the fuzzed requests and by nothing else
// (the shared e2e server is busy with the other specs' writes). docs/decisions/0039.
import { execSync } from 'node:child_process';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import { dropDatabase } from '@/server/db/maintenance-database';
import { type TAppProcess, startApp } from '../operations/app-process';
import { E2E_DATABASE_URL } from '../env';

/** `…/consent_e2e` → `…/consent_e2e_fuzz<slot>`: one database per parallel worker. */
export function fuzzDatabaseUrl(slot: number): string {
  const url = new URL(E2E_DATABASE_URL);
  url.pathname = `${url.pathname}_fuzz${slot}`;
  return url.toString();
}

export type TFuzzApp = { app: TAppProcess; database: TOpenDatabase; stop(): Promise<void> };

export async function startFuzzApp(slot: number, port: number, extraEnv: Record<string, string> = {}): Promise<TFuzzApp> {
  const databaseUrl = fuzzDatabaseUrl(slot);
  const { PGLITE_DATA_DIR: _embedded, ...inherited } = process.env;
  const run = (command: string) => execSync(command, { env: { ...inherited, DATABASE_URL: databaseUrl }, stdio: 'pipe' });
  run('npm run -s db:create -- --fresh');
  run('npm run -s db:migrate');
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
      // Nothing of the fuzzing stays behind on the shared server.
      await dropDatabase(databaseUrl);
    },
  };
}
