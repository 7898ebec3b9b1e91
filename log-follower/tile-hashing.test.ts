import { hash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { type TTileHasher, inThreadHasher, threadedHasher } from '@/log-follower/tile-hasher';
import { fullTileTop, leafTileOf } from '@/log-follower/tile-hashing';
import { type THash, nodeHash } from '@/shared/transparency/merkle';
import { encodeEntryBundle } from '@/shared/transparency/tiles';

const entries = Array.from({ length: 256 }, (_, i) => Buffer.from(`entry ${i} ${'x'.repeat(i)}`));
const leafOf = (entry: Buffer) => hash('sha256', Buffer.concat([Buffer.from([0]), entry]), 'buffer');
// MTH of a power-of-two run of leaves, with merkle.ts's node hash (tested against RFC 6962's vectors there).
const mth = (leaves: THash[]): THash =>
  leaves.length === 1 ? leaves[0]! : nodeHash(mth(leaves.slice(0, leaves.length / 2)), mth(leaves.slice(leaves.length / 2)));
const subtreeHash = mth(entries.map(leafOf));

const problemOf = (answer: object) => ('problem' in answer ? answer.problem : null);

const threaded = threadedHasher(2);
const dir = mkdtempSync(join(tmpdir(), 'tile-hasher-'));
afterAll(async () => {
  await threaded.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hashing a tile at a time', () => {
  it('makes the leaf hashes of an entry bundle and the hash of its subtree, as the tree has them', () => {
    const leaves = leafTileOf(encodeEntryBundle(entries), 256)!;
    expect(leaves.subarray(32 * 7, 32 * 8)).toEqual(leafOf(entries[7]!));
    expect(fullTileTop(leaves)).toEqual(subtreeHash);
  });

  it('refuses a bundle that is not exactly as many entries as the tile is wide', () => {
    const bundle = encodeEntryBundle(entries.slice(0, 5));
    expect(leafTileOf(bundle, 5)).not.toBeNull();
    expect(leafTileOf(bundle, 4)).toBeNull();
    expect(leafTileOf(bundle, 6)).toBeNull();
    expect(leafTileOf(bundle.subarray(0, bundle.length - 1), 5)).toBeNull();
    expect(() => fullTileTop(Buffer.alloc(32 * 255))).toThrow(RangeError);
  });

  it.each<[string, TTileHasher]>([
    ['on this thread', inThreadHasher],
    ['on worker threads', threaded],
  ])('gives the same answers %s, also for a bundle sent gzip-compressed, and keeps it where asked', async (name, hasher) => {
    await hasher.ready();
    const bundle = encodeEntryBundle(entries);
    const full = await hasher.leaves(encodeEntryBundle(entries), 256);
    if ('problem' in full) throw new Error(full.problem);
    expect(full.leaves).toEqual(leafTileOf(bundle, 256));
    expect(full.top).toEqual(subtreeHash);
    expect(await hasher.top(full.leaves)).toEqual(full.top);
    const keepAt = join(dir, name, 'tile', 'entries', '000.staged');
    const keepLeavesAt = join(dir, name, 'tile', '0', '000.staged');
    expect(await hasher.leaves(gzipSync(bundle), 256, { gzipped: true, keepAt, keepLeavesAt })).toEqual(full);
    expect(readFileSync(keepAt)).toEqual(bundle);
    expect(readFileSync(keepLeavesAt)).toEqual(full.leaves);
    const three = encodeEntryBundle(entries.slice(0, 3));
    expect(await hasher.leaves(encodeEntryBundle(entries.slice(0, 3)), 3)).toEqual({ leaves: leafTileOf(three, 3), top: null });
    // What is not a bundle is not kept.
    const nowhere = join(dir, name, 'not-kept');
    expect(await hasher.leaves(encodeEntryBundle(entries.slice(0, 3)), 4, { keepAt: nowhere })).toEqual({ problem: 'is not 4 entries' });
    const undecodable = /^does not decode as the gzip stream it was sent as/;
    expect(problemOf(await hasher.leaves(bundle, 256, { gzipped: true, keepAt: nowhere }))).toMatch(undecodable);
    expect(existsSync(nowhere)).toBe(false);
    // More than 256 of the longest entries decode to: no bundle, however well it compresses.
    expect(problemOf(await hasher.leaves(gzipSync(Buffer.alloc(256 * 65_537 + 1)), 256, { gzipped: true }))).toMatch(undecodable);
  });
});

describe('a hashing thread that fails', () => {
  it('fails what waits on it and what is asked of it later, instead of leaving it waiting', async () => {
    const hasher = threadedHasher(1);
    try {
      await expect(hasher.top(Buffer.alloc(10))).rejects.toThrow(/a full tile is 8192 bytes/);
      await expect(hasher.leaves(encodeEntryBundle(entries), 256)).rejects.toThrow(/a full tile is 8192 bytes|ended/);
    } finally {
      await hasher.close();
    }
  });
});
