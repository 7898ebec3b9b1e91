// A log's tiles as files in a directory, in the tlog-tiles layout, so any static web server serves them:
// <dir>/checkpoint, <dir>/tile/<L>/<N>[.p/<W>], <dir>/tile/entries/<N>[.p/<W>].
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inParallel } from '@/log-follower/remote-log';
import { type TTile, tilePath } from '@/shared/transparency/tiles';

export type TTileDirectory = {
  dir: string;
  read(tile: TTile): Buffer | null;
  write(tile: TTile, bytes: Uint8Array): void;
  /** Writes many tiles, several at a time (a million entries make four thousand tiles). */
  writeAll(tiles: Iterable<{ tile: TTile; bytes: Uint8Array }>): Promise<void>;
  /** The path beside a tile's place to write it to first (whoever reads it writes it there: the hashing thread). */
  stagedPath(tile: TTile): string;
  /** Puts every staged tile in its place (once the tree they make is the checkpoint's). */
  commitStaged(): void;
  /** Removes staged tiles never put in place (a run that found the tiles not authentic). */
  discardStaged(): void;
  /** Makes every tile written so far durable (one syncfs of the directory's file system). */
  flushTiles(): void;
  readCheckpoint(): string | null;
  writeCheckpoint(note: string): void;
};

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Written whole or not at all: a reader (a web server, an interrupted run) never sees half a file. Tiles
 * are not flushed one by one (thousands of fsyncs were a sixth of a monitor's run): a copy flushes the
 * whole file system once before its checkpoint names them (`flushTiles`); a monitor's cache refetches
 * what a crash lost.
 */
function writeAtomically(path: string, bytes: Uint8Array | string, flush: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, bytes, { flush });
  renameSync(temporary, path);
}

async function writeAtomicallyAsync(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

export function tileDirectory(dir: string): TTileDirectory {
  const staged = new Set<string>();
  return {
    dir,
    read: (tile) => readOrNull(join(dir, tilePath(tile))),
    write: (tile, bytes) => writeAtomically(join(dir, tilePath(tile)), bytes, false),
    async writeAll(tiles) {
      await inParallel([...tiles], 16, ({ tile, bytes }) => writeAtomicallyAsync(join(dir, tilePath(tile)), bytes));
    },
    stagedPath(tile) {
      // No reader takes a staged file, and one left by a crash is written over by the next run.
      const path = `${join(dir, tilePath(tile))}.staged`;
      staged.add(path);
      return path;
    },
    commitStaged() {
      for (const path of staged) renameSync(path, path.slice(0, -'.staged'.length));
      staged.clear();
    },
    discardStaged() {
      for (const path of staged) rmSync(path, { force: true });
      staged.clear();
    },
    flushTiles: () => {
      execFileSync('sync', ['--file-system', dir]);
    },
    readCheckpoint: () => readOrNull(join(dir, 'checkpoint'))?.toString('utf8') ?? null,
    writeCheckpoint: (note) => writeAtomically(join(dir, 'checkpoint'), note, true),
  };
}
