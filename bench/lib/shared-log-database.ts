// The log data set the sized suites read (verify-chain, merkle-proofs, log-storage, compliance-log,
// log-tiles): written once per run into one PostgreSQL database, after checking that the disk has room for
// it (issue 21, point 4: at ten million entries, writing it once per suite would take hours).
import { statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BENCH_PG_URL, dropPostgresDatabase, freshPostgresDatabase } from './bench-database';
import { runWorker } from './child';

export const LOG_SEED = 20261125;
const NAME = 'consent_bench_log';

/**
 * What a run needs per entry, with headroom: the database measured 2,144 bytes per entry at 1,000,000
 * (entries, personal fields, facets, their indexes); the stored tree, the WAL written while loading and the
 * log-tiles suite's copy of the log (about 600 bytes per entry under bench/out) come on top.
 */
export const DATABASE_BYTES_PER_ENTRY_NEEDED = 3_000;
export const MIRROR_BYTES_PER_ENTRY_NEEDED = 1_200;

export type TSharedLog = { target: { kind: 'postgres'; url: string }; entries: number; writeMs: number };

let shared: Promise<TSharedLog> | null = null;

type TFreeSpace = { path: string; device: number; freeBytes: number };

function freeSpaceAt(dir: string): TFreeSpace | null {
  try {
    const stats = statfsSync(dir);
    return { path: dir, device: statSync(dir).dev, freeBytes: stats.bavail * stats.bsize };
  } catch {
    return null;
  }
}

/** The database server's data directory, when it is on this machine and readable here; null when it is not. */
async function databaseServerDirectory(): Promise<string | null> {
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return rows[0]?.data_directory ?? null;
  } catch {
    return null; // not a superuser: the server does not say where its data lies
  } finally {
    await client.end();
  }
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * Refuses a run the disk cannot hold, before writing anything: the database server's disk and bench/out
 * (added up when they are the same disk). Says what it could not check.
 */
export async function checkDiskFor(entries: number, log: (line: string) => void): Promise<void> {
  const dataDirectory = await databaseServerDirectory();
  const server = dataDirectory ? freeSpaceAt(dataDirectory) : null;
  const out = freeSpaceAt(path.resolve('bench'));
  const needs: { what: string; space: TFreeSpace | null; bytes: number }[] = [
    {
      what: `the database server's data directory (${dataDirectory ?? 'not known'})`,
      space: server,
      bytes: entries * DATABASE_BYTES_PER_ENTRY_NEEDED,
    },
    { what: 'bench/out (the log-tiles copy)', space: out, bytes: entries * MIRROR_BYTES_PER_ENTRY_NEEDED },
  ];
  const byDevice = new Map<number, { free: number; needed: number; what: string[] }>();
  for (const need of needs) {
    if (!need.space) {
      log(`disk: cannot check the free space for ${need.what}; it needs about ${gb(need.bytes)}`);
      continue;
    }
    const device = byDevice.get(need.space.device) ?? { free: need.space.freeBytes, needed: 0, what: [] };
    device.needed += need.bytes;
    device.what.push(need.what);
    byDevice.set(need.space.device, device);
  }
  for (const device of byDevice.values()) {
    const line = `${gb(device.needed)} needed for ${entries.toLocaleString('en-US')} entries on the disk of ${device.what.join(' and ')}, ${gb(device.free)} free`;
    if (device.needed > device.free) throw new Error(`not enough disk: ${line}`);
    log(`disk: ${line}`);
  }
}

async function writeShared(entries: number, log: (line: string) => void): Promise<TSharedLog> {
  await checkDiskFor(entries, log);
  const target = await freshPostgresDatabase(NAME);
  log(`write the shared log of ${entries.toLocaleString('en-US')} entries (seed ${LOG_SEED})`);
  const started = performance.now();
  await runWorker('bench/workers/write-log.ts', [JSON.stringify(target), String(entries), String(LOG_SEED), '0']);
  return { target, entries, writeMs: performance.now() - started };
}

/**
 * The run's log of `entries` entries, written by the first suite that asks. The suites that read it come
 * before log-tiles, whose app adds its own entries and keeps tiles in it.
 */
export function sharedLogDatabase(entries: number, log: (line: string) => void): Promise<TSharedLog> {
  if (shared) {
    const current = shared;
    return current.then((s) => {
      if (s.entries !== entries) throw new Error(`the shared log holds ${s.entries} entries, not ${entries}`);
      return s;
    });
  }
  shared = writeShared(entries, log);
  // A failed write is not kept: the next suite that asks tries again (and says why, if it fails again).
  shared.catch(() => (shared = null));
  return shared;
}

export async function dropSharedLogDatabase(): Promise<void> {
  if (!shared) return;
  shared = null;
  await dropPostgresDatabase(NAME);
}
