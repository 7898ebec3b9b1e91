// The monitor's kept tiles (the tiles it authenticated, to catch a later rewrite of history): the full
// tiles of each level in one file, tile N at N × 8,192 bytes, so four thousand tiles are one file written
// at offsets, not four thousand files created (half a millisecond each on this machine's file system).
// Full tiles never change, and the monitor only adds tiles of a tree that extends the one it kept. The
// few partial tiles (at most one per level) are files in the tlog-tiles layout, as are all tiles of a
// state an earlier version wrote, which are read where they are.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { tileDirectory } from '@/log-follower/tile-directory';
import { HASH_SIZE, TILE_WIDTH, type TTile } from '@/shared/transparency/tiles';

const FULL_TILE_BYTES = TILE_WIDTH * HASH_SIZE;

export type TTilePack = {
  read(tile: TTile): Buffer | null;
  writeAll(tiles: Iterable<{ tile: TTile; bytes: Uint8Array }>): Promise<void>;
};

type TFullTile = TTile & { level: number };

/** Runs of consecutive tiles, each as one buffer to write at its first tile's place. */
function runsOf(tiles: { index: number; bytes: Uint8Array }[]): { index: number; bytes: Buffer }[] {
  const runs: { index: number; parts: Uint8Array[] }[] = [];
  for (const { index, bytes } of tiles.sort((a, b) => a.index - b.index)) {
    const last = runs.at(-1);
    if (last && last.index + last.parts.length === index) last.parts.push(bytes);
    else runs.push({ index, parts: [bytes] });
  }
  return runs.map(({ index, parts }) => ({ index, bytes: Buffer.concat(parts) }));
}

export function tilePack(dir: string): TTilePack {
  const files = tileDirectory(dir);
  const packOf = (level: number) => join(dir, `level-${level}.pack`);
  const isPacked = (tile: TTile): tile is TFullTile => tile.level !== 'entries' && tile.width === TILE_WIDTH;
  // Opened once per level for reading, for as long as the program runs (a run reads thousands of tiles).
  const readers = new Map<number, number | null>();

  function readPacked(tile: TFullTile): Buffer | null {
    if (!readers.has(tile.level)) {
      try {
        readers.set(tile.level, openSync(packOf(tile.level), 'r'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        readers.set(tile.level, null);
      }
    }
    const fd = readers.get(tile.level);
    if (fd === null || fd === undefined) return null;
    const bytes = Buffer.alloc(FULL_TILE_BYTES);
    const read = readSync(fd, bytes, 0, FULL_TILE_BYTES, tile.index * FULL_TILE_BYTES);
    // Past the end, or a hole left by a tile written further on: not kept (no hash is 32 zero bytes).
    return read === FULL_TILE_BYTES && bytes.some((b) => b !== 0) ? bytes : null;
  }

  return {
    read: (tile) => (isPacked(tile) ? (readPacked(tile) ?? files.read(tile)) : files.read(tile)),
    async writeAll(tiles) {
      const byLevel = new Map<number, { index: number; bytes: Uint8Array }[]>();
      const partial: { tile: TTile; bytes: Uint8Array }[] = [];
      for (const { tile, bytes } of tiles) {
        if (!isPacked(tile)) partial.push({ tile, bytes });
        else if (byLevel.has(tile.level)) byLevel.get(tile.level)!.push({ index: tile.index, bytes });
        else byLevel.set(tile.level, [{ index: tile.index, bytes }]);
      }
      await mkdir(dir, { recursive: true });
      for (const [level, packed] of byLevel) {
        const pack = await open(packOf(level), constants.O_RDWR | constants.O_CREAT);
        try {
          for (const run of runsOf(packed)) await pack.write(run.bytes, 0, run.bytes.length, run.index * FULL_TILE_BYTES);
        } finally {
          await pack.close();
        }
        const reader = readers.get(level);
        if (typeof reader === 'number') closeSync(reader);
        readers.delete(level);
      }
      await files.writeAll(partial);
    },
  };
}
