// The consent log as C2SP tlog-tiles: tile paths, which tiles a tree of a given size has, entry bundles,
// and a tree source that reads hashes from tiles, so the proof algorithms of merkle.ts work on a copy
// of the log (a mirror, a monitor's cache) as they do on the database. In shared/: the mirror, the
// monitor and the gateway use the same code.
import { type THash, type TTreeSource, nodeHash } from '@/shared/transparency/merkle';

/** Hashes per full tile; a tile spans 8 levels of the tree. */
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;
export const HASH_SIZE = 32;

/** A hash tile (level 0–63) or an entry bundle ('entries'); `width` < 256 for a partial one. */
export type TTile = { level: number | 'entries'; index: number; width: number };

/** N as zero-padded 3-digit path elements, all but the last prefixed with "x" (1234067 → x001/x234/067). */
function indexPath(index: number): string {
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join('/');
}

/** The path of a tile below the log's prefix, e.g. "tile/0/x001/234/067.p/5" or "tile/entries/000". */
export function tilePath(tile: TTile): string {
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  return `tile/${tile.level}/${indexPath(tile.index)}${partial}`;
}

const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * The tile a path names (the segments after "tile/"), or null unless the path is in the one canonical
 * form the specification allows: no leading zeros, "x" on every group but the last, no leading zero group.
 */
export function parseTilePath(segments: readonly string[]): TTile | null {
  const [levelText, ...rest] = segments;
  if (levelText === undefined || rest.length === 0) return null;
  let level: TTile['level'];
  if (levelText === 'entries') level = 'entries';
  else if (DECIMAL.test(levelText) && Number(levelText) <= 63) level = Number(levelText);
  else return null;
  let width = TILE_WIDTH;
  const groups = [...rest];
  if (groups.length >= 2 && groups[groups.length - 2]!.endsWith('.p')) {
    const widthText = groups.pop()!;
    if (!DECIMAL.test(widthText) || Number(widthText) < 1 || Number(widthText) >= TILE_WIDTH) return null;
    width = Number(widthText);
    groups[groups.length - 1] = groups[groups.length - 1]!.slice(0, -'.p'.length);
  }
  // 2^53 leaves would need six groups; more than that is no index this log can have.
  if (groups.length > 6) return null;
  let index = 0;
  for (const [i, group] of groups.entries()) {
    const last = i === groups.length - 1;
    const digits = last ? group : group.startsWith('x') ? group.slice(1) : null;
    if (digits === null || !/^\d{3}$/.test(digits)) return null;
    if (i === 0 && groups.length > 1 && digits === '000') return null;
    index = index * 1000 + Number(digits);
  }
  if (!Number.isSafeInteger(index)) return null;
  return { level, index, width };
}

/** How many leaves one hash of a tile at `level` covers: 256^level. */
function leavesPerHash(level: number): number {
  return TILE_WIDTH ** level;
}

/** The first and one-past-last leaf a tile's hashes cover (entry bundles as level 0). */
export function tileSpan(tile: TTile): { start: number; end: number } {
  const per = leavesPerHash(tile.level === 'entries' ? 0 : tile.level);
  const start = tile.index * TILE_WIDTH * per;
  return { start, end: start + tile.width * per };
}

/** Whether a tree of `treeSize` leaves has this tile: all of its hashes are complete subtrees of that tree. */
export function tileWithin(tile: TTile, treeSize: number): boolean {
  return tileSpan(tile).end <= treeSize;
}

/** The hash tiles (levels 0 and up) that represent a tree of `treeSize` leaves: full ones, then the partial one per level. */
export function hashTilesOf(treeSize: number): TTile[] {
  const tiles: TTile[] = [];
  for (let level = 0; Math.floor(treeSize / leavesPerHash(level)) > 0; level++) {
    const hashes = Math.floor(treeSize / leavesPerHash(level));
    const full = Math.floor(hashes / TILE_WIDTH);
    for (let index = 0; index < full; index++) tiles.push({ level, index, width: TILE_WIDTH });
    if (hashes % TILE_WIDTH > 0) tiles.push({ level, index: full, width: hashes % TILE_WIDTH });
  }
  return tiles;
}

/** The entry bundles of a tree of `treeSize` entries, in order. */
export function entryBundlesOf(treeSize: number): TTile[] {
  return hashTilesOf(treeSize)
    .filter((tile) => tile.level === 0)
    .map((tile) => ({ ...tile, level: 'entries' }));
}

/** The tile at `level` containing hash `hashIndex`, as wide as a tree of `treeSize` has it. */
export function tileHolding(level: number, hashIndex: number, treeSize: number): TTile {
  const index = Math.floor(hashIndex / TILE_WIDTH);
  const hashes = Math.floor(treeSize / leavesPerHash(level));
  return { level, index, width: Math.min(TILE_WIDTH, hashes - index * TILE_WIDTH) };
}

/** Hashes of a tile's data, which must be a whole number of 32-byte hashes, as many as its width. */
export function tileHashes(tile: TTile, data: Uint8Array): THash[] | null {
  if (data.length !== tile.width * HASH_SIZE) return null;
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.length);
  return Array.from({ length: tile.width }, (_, i) => buffer.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
}

/** MTH over a power-of-two run of hashes of one level: the hash one level of tiles up holds for them. */
export function hashUp(hashes: readonly THash[]): THash {
  let level = [...hashes];
  while (level.length > 1) {
    const next: THash[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

export type TTileReader = (tile: TTile) => Promise<THash[]>;

/**
 * A tree source over the tiles of a tree of `treeSize` leaves. Any complete subtree the proof algorithms
 * ask for lies inside one tile (its hashes at the tile level below it) and is hashed up from there.
 */
export function tileTreeSource(treeSize: number, readTile: TTileReader): TTreeSource {
  return {
    async perfect(start, size) {
      const height = Math.log2(size);
      const level = Math.floor(height / TILE_HEIGHT);
      const first = start / leavesPerHash(level);
      const count = 2 ** (height - level * TILE_HEIGHT);
      const tile = tileHolding(level, first, treeSize);
      const hashes = await readTile(tile);
      const offset = first - tile.index * TILE_WIDTH;
      if (offset + count > hashes.length) throw new Error(`${tilePath(tile)} does not hold hashes ${first}–${first + count - 1}`);
      return hashUp(hashes.slice(offset, offset + count));
    },
  };
}

/** The largest entry an entry bundle can carry: its length is a big-endian uint16. */
export const MAX_ENTRY_BYTES = 0xffff;

/** An entry bundle: each entry as a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.length > MAX_ENTRY_BYTES) throw new RangeError(`an entry of ${entry.length} bytes does not fit an entry bundle`);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(entry.length);
    parts.push(length, Buffer.from(entry));
  }
  return Buffer.concat(parts);
}

/** The entries of a bundle, or null if its bytes are not exactly a sequence of length-prefixed entries. */
export function decodeEntryBundle(data: Uint8Array): Buffer[] | null {
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.length);
  const entries: Buffer[] = [];
  let at = 0;
  while (at < buffer.length) {
    if (at + 2 > buffer.length) return null;
    const length = buffer.readUInt16BE(at);
    if (at + 2 + length > buffer.length) return null;
    entries.push(buffer.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
