// Starts the built app as its own process (scripts/serve.mjs, as `npm start` runs it), for tests that stop or
// kill it (the shared e2e servers must keep running): on an embedded database of its own or on a
// PostgreSQL database given by URL.
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { E2E_LOG_SIGNING_KEY } from '../env';

/** Where a started app keeps its data: an embedded data directory or a PostgreSQL server's database. */
export type TAppDatabase = { dataDir: string } | { databaseUrl: string };

export type TAppProcess = {
  baseURL: string;
  database: TAppDatabase;
  child: ChildProcess;
  /** Every line the app wrote to stdout so far (JSON log lines and Next's own banner). */
  output: string[];
  /** The app's JSON log lines so far. */
  logLines(): Record<string, unknown>[];
  waitForLog(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
};

// An inherited PGLITE_DATA_DIR is left out for a PostgreSQL database: the app is to use the URL alone.
const { PGLITE_DATA_DIR: _inheritedDataDir, ...inherited } = process.env;

const env = (database: TAppDatabase, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...inherited,
  NODE_OPTIONS: '',
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  NEXT_MANUAL_SIG_HANDLE: 'true',
  LOG_LEVEL: 'info',
  AUTH_SECRET: 'e2e-auth-secret-e2e-auth-secret-0123456789',
  GATEWAY_SECRET: 'e2e-gateway-secret-e2e-gateway-secret-012345',
  LOG_SIGNING_KEY: E2E_LOG_SIGNING_KEY,
  LOG_ORIGIN: 'e2e.consent-gateway/consent-log',
  ...('dataDir' in database ? { DATABASE_URL: '', PGLITE_DATA_DIR: database.dataDir } : { DATABASE_URL: database.databaseUrl }),
  ...extra,
});

/** A fresh embedded database with the migrations and the demo data. */
export function prepareDemoDatabase(name: string): string {
  const dataDir = path.resolve('.e2e', name);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(`${dataDir}.lock`, { force: true });
  const run = (command: string) =>
    execSync(command, { env: { ...env({ dataDir }), NODE_OPTIONS: '--conditions=react-server' }, stdio: 'pipe' });
  run('npm run -s db:migrate');
  // The seed as `npm run demo` runs it, outside production: its clock refuses production (0069).
  run('env -u NODE_ENV npm run -s db:seed');
  return dataDir;
}

/** Runs statements on a stopped app's embedded database (the app must not hold it). */
export async function withDatabase<T>(dataDir: string, use: (db: PGlite) => Promise<T>): Promise<T> {
  const db = await PGlite.create(dataDir);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/** Starts the app as `npm start` does (scripts/serve.mjs) on the port; `extraEnv` adds or overrides variables (e.g. a pool size). */
export async function startApp(database: TAppDatabase | string, port: number, extraEnv: Record<string, string> = {}): Promise<TAppProcess> {
  const target = typeof database === 'string' ? { dataDir: database } : database;
  const child = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port)], {
    env: env(target, extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    output.push(...lines);
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logLines = () =>
    output.flatMap((line): Record<string, unknown>[] => {
      try {
        const parsed = JSON.parse(line) as unknown;
        return parsed && typeof parsed === 'object' ? [parsed as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  const waitForLog = (predicate: (line: Record<string, unknown>) => boolean, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logLines().find(predicate);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such log line within ${timeoutMs} ms; output:\n${output.join('\n')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const app: TAppProcess = { baseURL: `http://localhost:${port}`, database: target, child, output, logLines, waitForLog, exited };
  try {
    await app.waitForLog((line) => line.msg === 'started', 60_000);
  } catch (error) {
    // A server that never started (e.g. bad configuration) may still hold its port: it must not outlive the test.
    child.kill('SIGKILL');
    throw error;
  }
  return app;
}

/** The environment `startApp` gives the app, for tests that start it through another command (e.g. `npm run instances`). */
export function appEnvironment(database: TAppDatabase, extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  return env(database, extraEnv);
}
