// Every tile and entry bundle of the log's tree at one size, read from the database as the tile route
// serves them: for tests of what tiles hold and that they never change.
import type { TDb } from '@/server/db/client';
import { readEntryBundle, readHashTile } from '@/server/transparency/tile-store';
import { entryBundlesOf, hashTilesOf, tilePath } from '@/shared/transparency/tiles';

export async function allTiles(prisma: TDb, treeSize: number): Promise<Map<string, Buffer>> {
  const tiles = new Map<string, Buffer>();
  for (const tile of hashTilesOf(treeSize)) {
    const bytes = await readHashTile(prisma, { ...tile, level: tile.level as number });
    if (!bytes) throw new Error(`${tilePath(tile)} is not served`);
    tiles.set(tilePath(tile), bytes);
  }
  for (const tile of entryBundlesOf(treeSize)) {
    const bundle = await readEntryBundle(prisma, { ...tile, level: 'entries' });
    if (!bundle) throw new Error(`${tilePath(tile)} is not served`);
    tiles.set(tilePath(tile), bundle.bytes);
  }
  return tiles;
}

/** The tiles whose bytes contain `needle` (as UTF-8). */
export function tilesContaining(tiles: Map<string, Buffer>, needle: string): string[] {
  return [...tiles].filter(([, bytes]) => bytes.includes(needle)).map(([path]) => path);
}
