// The log data set the sized suites read (verify-chain, merkle-proofs, compliance-log, log-tiles,
// log-storage): written once per run into one PostgreSQL database, after checking that the disk has room
// for it (issue 21, point 4: at ten million entries, writing it once per suite would take hours).
import { rmSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BENCH_PG_URL, dropPostgresDatabase, freshPostgresDatabase } from './bench-database';
import { runWorker } from './child';

export const LOG_SEED = 20261125;
const NAME = 'consent_bench_log';
/** log-tiles' copy of the log (the mirror, the monitors' state): left by the last run until log-tiles starts. */
export const LOG_TILES_OUT = path.resolve('bench/out/log-tiles');

/**
 * What a run needs per entry, with headroom: the database measured 2,144 bytes per entry at 1,000,000
 * (entries, personal fields, facets, their indexes); the stored tree, the entry bundles the app keeps, and
 * the WAL written while loading come on top. log-tiles' copy of the log under bench/out is about 600 bytes
 * per entry.
 */
export const DATABASE_BYTES_PER_ENTRY_NEEDED = 3_000;
export const MIRROR_BYTES_PER_ENTRY_NEEDED = 1_200;

export type TSharedLog = { target: { kind: 'postgres'; url: string }; entries: number; writeMs: number };

let shared: Promise<TSharedLog> | null = null;

/** Free space where something is written; `device` tells two places on one disk apart from two disks. */
export type TFreeSpace = { device: number; freeBytes: number };
export type TDiskNeed = { what: string; space: TFreeSpace | null; bytes: number };

function freeSpaceAt(dir: string): TFreeSpace | null {
  try {
    const stats = statfsSync(dir);
    return { device: statSync(dir).dev, freeBytes: stats.bavail * stats.bsize };
  } catch {
    return null;
  }
}

/**
 * The database server's data directory, when the server runs on this machine and says where its data
 * lies (a superuser); null otherwise, for a path on another machine says nothing about this one's disks.
 */
async function localDatabaseDirectory(): Promise<string | null> {
  const host = new URL(BENCH_PG_URL).hostname;
  if (!['localhost', '127.0.0.1', '[::1]', ''].includes(host)) return null;
  const client = new pg.Client({ connectionString: BENCH_PG_URL });
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    return rows[0]?.data_directory ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * What the needs come to on each disk (needs on one disk are added up), as lines to print; throws when a
 * disk cannot hold what it needs. A need whose free space is not known is named, not guessed.
 */
export function diskVerdict(entries: number, needs: TDiskNeed[]): string[] {
  const lines: string[] = [];
  const byDevice = new Map<number, { free: number; needed: number; what: string[] }>();
  for (const need of needs) {
    if (!need.space) {
      lines.push(`cannot check the free space for ${need.what}; it needs about ${gb(need.bytes)}`);
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
    lines.push(line);
  }
  return lines;
}

/** Refuses a run the disk cannot hold, before writing anything: the database server's disk and bench/out. */
export async function checkDiskFor(entries: number, log: (line: string) => void): Promise<void> {
  const dataDirectory = await localDatabaseDirectory();
  const needs = [
    {
      what: `the database server's data directory (${dataDirectory ?? 'not on this machine, or not known'})`,
      space: dataDirectory ? freeSpaceAt(dataDirectory) : null,
      bytes: entries * DATABASE_BYTES_PER_ENTRY_NEEDED,
    },
    { what: 'bench/out (the log-tiles copy)', space: freeSpaceAt(path.resolve('bench')), bytes: entries * MIRROR_BYTES_PER_ENTRY_NEEDED },
  ];
  for (const line of diskVerdict(entries, needs)) log(`disk: ${line}`);
}

async function writeShared(entries: number, log: (line: string) => void): Promise<TSharedLog> {
  // What an earlier run left (an interrupted run's log, the last copy of it) is not counted as taken.
  await dropPostgresDatabase(NAME);
  rmSync(LOG_TILES_OUT, { recursive: true, force: true });
  await checkDiskFor(entries, log);
  const target = await freshPostgresDatabase(NAME);
  log(`write the shared log of ${entries.toLocaleString('en-US')} entries (seed ${LOG_SEED})`);
  const started = performance.now();
  try {
    await runWorker('bench/workers/write-log.ts', [JSON.stringify(target), String(entries), String(LOG_SEED), '0']);
  } catch (error) {
    await dropPostgresDatabase(NAME);
    throw error;
  }
  return { target, entries, writeMs: performance.now() - started };
}

/**
 * The run's log of `entries` entries, written by the first suite that asks. A write that failed fails the
 * suites after it with the same reason: trying again would take as long and most likely fail the same way
 * (a full disk). log-tiles' app adds tiles to it, so the suites that only read it come first.
 */
export function sharedLogDatabase(entries: number, log: (line: string) => void): Promise<TSharedLog> {
  shared ??= writeShared(entries, log);
  return shared.then((s) => {
    if (s.entries !== entries) throw new Error(`the shared log holds ${s.entries} entries, not ${entries}`);
    return s;
  });
}

/**
 * Drops the log this run wrote. A run that never needed it (`--only pages`) leaves the database alone: it
 * may be another run's, still being written or read (one dropped that way in the middle of a ten-million-entry
 * run, 2026-12-06). Leftovers of an interrupted run go when the next run writes its log.
 */
export async function dropSharedLogDatabase(): Promise<void> {
  if (!shared) return;
  shared = null;
  await dropPostgresDatabase(NAME);
}
