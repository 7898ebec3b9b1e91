// A PostgreSQL cluster of the test's own (initdb into /tmp, its own port and socket directory), so that
// the test can stop it with an immediate shutdown — never the machine's shared server, which other
// suites use at the same time. initdb and the server refuse to run as root: as root they run as the
// `postgres` system user (runuser), otherwise as the current user.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const BIN_CANDIDATES = () => [
  ...(existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
    : []),
  '/usr/local/bin',
  '/usr/local/pgsql/bin',
  ...(process.env.PATH ?? '').split(':'),
];

/** The directory holding initdb, pg_ctl and postgres; a clear error when there is none. */
export function postgresBinDir(): string {
  const found = BIN_CANDIDATES().find((dir) => dir && ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(path.join(dir, tool))));
  if (!found) {
    throw new Error(
      'The PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found in /usr/lib/postgresql/*/bin, /usr/local/bin or PATH. ' +
        'The database crash test needs a throwaway cluster of its own: install the PostgreSQL server package (Debian: postgresql-15).',
    );
  }
  return found;
}

export type TThrowawayCluster = {
  port: number;
  /** postgresql://postgres@127.0.0.1:PORT/DATABASE */
  url(database: string): string;
  start(): void;
  /** `pg_ctl stop -m immediate`: every server process ends at once, without a checkpoint; the next start recovers from the WAL. */
  stopImmediately(): void;
  /** Stops it (if running) and deletes its directories. */
  destroy(): void;
};

export function createThrowawayCluster(port: number): TThrowawayCluster {
  const bin = postgresBinDir();
  const root = `/tmp/consent-gateway-throwaway-pg-${port}`;
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  const logFile = path.join(root, 'server.log');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : null;
  const ownerGroup = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : null;

  const tool = (name: string, args: string[]) => {
    const command = path.join(bin, name);
    try {
      return asRoot
        ? execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe', cwd: '/tmp' }).toString()
        : execFileSync(command, args, { stdio: 'pipe' }).toString();
    } catch (error) {
      const failed = error as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`${name} ${args.join(' ')} failed: ${failed.stderr?.toString() ?? ''}${failed.stdout?.toString() ?? ''}`);
    }
  };

  const isRunning = () => {
    try {
      tool('pg_ctl', ['status', '-D', dataDir]);
      return true;
    } catch {
      return false;
    }
  };

  const destroy = () => {
    if (existsSync(dataDir) && isRunning()) tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    rmSync(root, { recursive: true, force: true });
  };

  destroy(); // what an interrupted earlier run left
  mkdirSync(socketDir, { recursive: true });
  if (asRoot) for (const dir of [root, socketDir]) chownSync(dir, owner!, ownerGroup!);
  // Trust on loopback only (the cluster lives for one test); --no-sync: its creation need not survive a power cut.
  tool('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);

  return {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    start() {
      tool('pg_ctl', [
        'start',
        '-D',
        dataDir,
        '-w',
        '-t',
        '60',
        '-l',
        logFile,
        '-o',
        `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
      ]);
    },
    stopImmediately() {
      tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    },
    destroy,
  };
}
