import 'server-only';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A connection URL split for a client tool: the password goes into the child's environment (PGPASSWORD),
 * never onto its command line, where every user of the machine could read it in the process list.
 */
function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env };
}

/** The server's major version (e.g. 15), from `server_version_num`. */
export async function serverMajorVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(rows[0]!.v) / 10_000);
  } finally {
    await client.end();
  }
}

/**
 * pg_dump or pg_restore for a server of this major version: the one in /usr/lib/postgresql/<major>/bin
 * when installed (Debian keeps one per version), else the newest installed, else the one on PATH. An
 * older pg_dump than the server refuses to dump; a newer one writes archives an older pg_restore cannot
 * read, so the same version for both is the safe pair. Refused with a clear message when too old.
 */
export async function postgresTool(name: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<string> {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').map(Number).filter(Number.isFinite) : [];
  const preferred = [serverMajor, ...versions.filter((v) => v > serverMajor).sort((a, b) => a - b)];
  const installed = preferred.map((v) => `/usr/lib/postgresql/${v}/bin/${name}`).find((file) => existsSync(file));
  const tool = installed ?? name;
  let version: string;
  try {
    version = (await run(tool, ['--version'])).stdout;
  } catch {
    throw new Error(
      `${name} was not found; install the PostgreSQL ${serverMajor} client tools (Debian: postgresql-client-${serverMajor}).`,
    );
  }
  const major = Number(/\b(\d+)(?:\.\d+)?/.exec(version)?.[1]);
  if (!(major >= serverMajor))
    throw new Error(`${tool} is version ${major}, older than the server (${serverMajor}); install postgresql-client-${serverMajor}.`);
  return path.isAbsolute(tool) ? tool : name;
}

/** `pg_dump -Fc` of the whole database into `file` (custom format: compressed, restorable selectively). */
export async function dumpDatabase(url: string, file: string): Promise<void> {
  const tool = await postgresTool('pg_dump', await serverMajorVersion(url));
  const { dbname, env } = toolConnection(url);
  await run(tool, ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${dbname}`], { env });
}

/**
 * `pg_restore` of a custom-format dump into an empty database. Data is loaded before the triggers and
 * constraints are created (they are in the dump's post-data section), so the log's append-only and
 * chain triggers do not refuse the restored rows and guard the restored log from then on.
 */
export async function restoreDatabase(file: string, url: string): Promise<void> {
  const tool = await postgresTool('pg_restore', await serverMajorVersion(url));
  const { dbname, env } = toolConnection(url);
  await run(tool, ['--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${dbname}`, file], { env });
}
