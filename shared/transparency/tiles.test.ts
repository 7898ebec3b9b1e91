import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { plainRoot } from '@/tests/merkle-reference';
import { consistencyProof, inclusionProof, treeHead, verifyConsistency, verifyInclusion } from '@/shared/transparency/merkle';
import {
  type TTile,
  decodeEntryBundle,
  encodeEntryBundle,
  entryBundlesOf,
  hashTilesOf,
  parseTilePath,
  tilePath,
  tileSpan,
  tileTreeSource,
} from '@/shared/transparency/tiles';

const leafOf = (i: number) => createHash('sha256').update(Buffer.of(0)).update(`entry ${i}`).digest();

describe('tile paths (C2SP tlog-tiles)', () => {
  // The specification's example, and Go's x/mod/sumdb/tlog path vectors with the tile height dropped, as tlog-tiles does.
  const paths: [string, TTile][] = [
    ['tile/0/x001/x234/067', { level: 0, index: 1234067, width: 256 }],
    ['tile/0/001', { level: 0, index: 1, width: 256 }],
    ['tile/0/001.p/5', { level: 0, index: 1, width: 5 }],
    ['tile/5/x123/x456/078', { level: 5, index: 123456078, width: 256 }],
    ['tile/5/x123/x456/078.p/2', { level: 5, index: 123456078, width: 2 }],
    ['tile/0/x003/x057/500', { level: 0, index: 3057500, width: 256 }],
    ['tile/entries/x003/x057/500', { level: 'entries', index: 3057500, width: 256 }],
    ['tile/entries/000.p/255', { level: 'entries', index: 0, width: 255 }],
    ['tile/63/000.p/1', { level: 63, index: 0, width: 1 }],
  ];
  it.each(paths)('%s', (path, tile) => {
    expect(tilePath(tile)).toBe(path);
    expect(parseTilePath(path.split('/').slice(1))).toEqual(tile);
  });

  it.each([
    'tile/5/123/456/078', // groups before the last without "x"
    'tile/-1/000',
    'tile/64/000',
    'tile/01/000',
    'tile/0/1',
    'tile/0/0001',
    'tile/0/x000/001', // a leading zero group: not the one canonical path
    'tile/0/000.p/0',
    'tile/0/000.p/256',
    'tile/0/000.p/05',
    'tile/0/000.p',
    'tile/data/000',
    'tile/0',
    'tile/0/x1/000',
  ])('refuses %s', (path) => {
    expect(parseTilePath(path.split('/').slice(1))).toBeNull();
  });
});

describe('the tiles of a tree', () => {
  it('are those the specification lists for 70,000 and 256 entries', () => {
    const tiles = hashTilesOf(70_000);
    const level = (l: number) => tiles.filter((t) => t.level === l);
    expect(level(0).filter((t) => t.width === 256)).toHaveLength(273);
    expect(level(0).filter((t) => t.width < 256)).toEqual([{ level: 0, index: 273, width: 112 }]);
    expect(level(1)).toEqual([
      { level: 1, index: 0, width: 256 },
      { level: 1, index: 1, width: 17 },
    ]);
    expect(level(2)).toEqual([{ level: 2, index: 0, width: 1 }]);
    expect(tiles).toHaveLength(273 + 1 + 2 + 1);
    expect(hashTilesOf(256)).toEqual([
      { level: 0, index: 0, width: 256 },
      { level: 1, index: 0, width: 1 },
    ]);
    expect(hashTilesOf(0)).toEqual([]);
    expect(entryBundlesOf(70_000).at(-1)).toEqual({ level: 'entries', index: 273, width: 112 });
    expect(tileSpan({ level: 1, index: 1, width: 17 })).toEqual({ start: 65_536, end: 65_536 + 17 * 256 });
  });

  it('serve every tree head and proof the tree itself gives', async () => {
    // Tiles built the plain way from the leaves, then read back through the tile source.
    const size = 70_000;
    const leaves = Array.from({ length: size }, (_, i) => leafOf(i));
    const store = new Map<string, Buffer[]>();
    for (const tile of hashTilesOf(size)) {
      const per = 256 ** (tile.level as number);
      const hashes = Array.from({ length: tile.width }, (_, i) => {
        const start = (tile.index * 256 + i) * per;
        return plainRoot(leaves.slice(start, start + per));
      });
      store.set(tilePath(tile), hashes);
    }
    const reads: string[] = [];
    const source = tileTreeSource(size, (tile) => {
      reads.push(tilePath(tile));
      const hashes = store.get(tilePath(tile));
      return hashes ? Promise.resolve(hashes) : Promise.reject(new Error(`no ${tilePath(tile)}`));
    });
    const root = await treeHead(source, size);
    expect(root).toEqual(plainRoot(leaves));
    for (const [index, oldSize] of [
      [0, 1],
      [255, 256],
      [256, 65_537],
      [69_999, 70_000],
      [12_345, 65_536],
    ] as const) {
      const plain = { perfect: (s: number, n: number) => Promise.resolve(plainRoot(leaves.slice(s, s + n))) };
      expect(await inclusionProof(source, index, size)).toEqual(await inclusionProof(plain, index, size));
      expect(verifyInclusion(leaves[index]!, index, size, await inclusionProof(source, index, size), root)).toBe(true);
      const proof = await consistencyProof(source, oldSize, size);
      expect(verifyConsistency(oldSize, size, plainRoot(leaves.slice(0, oldSize)), root, proof)).toBe(true);
    }
    // Only tiles the tree of 70,000 has were asked for.
    const existing = new Set(hashTilesOf(size).map(tilePath));
    expect(reads.filter((path) => !existing.has(path))).toEqual([]);
  });
});

describe('entry bundles', () => {
  it('are big-endian uint16 lengths, each followed by its entry', () => {
    const bundle = encodeEntryBundle([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 7)]);
    expect(bundle.subarray(0, 4)).toEqual(Buffer.from([0, 2, 0x61, 0x62]));
    expect(bundle.subarray(4, 8)).toEqual(Buffer.from([0, 0, 0x01, 0x2c]));
    expect(decodeEntryBundle(bundle)).toEqual([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 7)]);
  });

  it('refuse to decode trailing or missing bytes, and to encode an entry over 65,535 bytes', () => {
    expect(decodeEntryBundle(Buffer.from([0, 3, 0x61, 0x62]))).toBeNull();
    expect(decodeEntryBundle(Buffer.from([0, 1, 0x61, 0]))).toBeNull();
    expect(() => encodeEntryBundle([Buffer.alloc(65_536)])).toThrow(RangeError);
    expect(decodeEntryBundle(encodeEntryBundle([Buffer.alloc(65_535)]))?.[0]).toHaveLength(65_535);
  });
});
