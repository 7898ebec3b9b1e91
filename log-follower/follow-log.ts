// One step of following a tiled log: the log's newest checkpoint, verified with its key; its hash tiles,
// each authenticated against that checkpoint's root; the tree's consistency with the checkpoint kept from
// the step before (or a proof that the log signed two trees that cannot both be true); and, where the
// credential allows, every entry hashed against its leaf. The mirror and the monitor are both built on it.
import { type TCheckpoint, verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { type THash, consistencyProof, fullConsistencyPath, rangeHash, treeHead } from '@/shared/transparency/merkle';
import {
  HASH_SIZE,
  TILE_WIDTH,
  type TTile,
  entryBundlesOf,
  hashTilesOf,
  tileHashes,
  tileHolding,
  tilePath,
  tileSpan,
  tileTreeSource,
} from '@/shared/transparency/tiles';
import { type TMisbehaviourProof, inconsistencyProof, sameSizeProof } from '@/shared/transparency/misbehaviour-proof-format';
import { type TRemoteLog, inParallel } from '@/log-follower/remote-log';
import { type TTileHasher, inThreadHasher } from '@/log-follower/tile-hasher';

/** A checkpoint verified in an earlier step, with its note as the log served it. */
export type TKeptCheckpoint = { checkpoint: TCheckpoint; note: string };

export type TFollowOptions = {
  remote: TRemoteLog;
  /** The log's verifier keys (from the published policy): nothing the log's address serves is trusted without them. */
  logKeys: string[];
  kept: TKeptCheckpoint | null;
  /** Tiles authenticated in earlier steps (the mirror's files, the monitor's kept tiles). */
  cache: { read(tile: TTile): Buffer | null } | null;
  /** Entry bundles to fetch and check (with a credential); false: hash tiles only. */
  entries: boolean;
  /** Entries already fetched and checked in earlier steps: bundles wholly below are not fetched again. */
  entriesDone?: number;
  /**
   * Where to write each entry bundle (decoded) as it is read, and the level-0 tile it makes, to stage them:
   * they are authenticated once the result is 'followed' (a mirror's copy).
   */
  stage?: (tile: TTile) => string;
  parallel?: number;
  /** Where the digests are computed (default: this thread); the CLIs use a thread per core. */
  hasher?: TTileHasher;
};

/** A tile as read in a step; `cached`: read from the cache, so already there; `staged`: written where `stage` said. */
type TTileRead = { tile: TTile; bytes: Buffer; cached?: true; staged?: true };

export type TFollowed = {
  kind: 'followed';
  kept: TKeptCheckpoint;
  /** Every hash tile of the tree, authenticated, by path; `fetched`: those read from the log in this step. */
  tiles: Map<string, TTileRead>;
  fetched: number;
  entriesChecked: number;
  /** Entry bundles the credential may not read (outside its range), by path. */
  entriesWithheld: string[];
};

export type TFollowResult =
  | TFollowed
  | { kind: 'unchanged'; kept: TKeptCheckpoint }
  /** The log signed two trees that cannot both be true. */
  | { kind: 'misbehaviour'; proof: TMisbehaviourProof; explanation: string }
  /** The log serves an older checkpoint than one it served before, consistent with it: stale, not proof of anything. */
  | { kind: 'older'; served: TKeptCheckpoint; explanation: string }
  /** Nothing trustworthy came back: a bad signature (anyone can serve that), tiles that do not match the checkpoint. */
  | { kind: 'unverifiable'; explanation: string };

const base64s = (hashes: THash[]): string[] => hashes.map((h) => h.toString('base64'));

/** The parent tile holding a full tile's hash, as wide as a tree of `treeSize` has it. */
function parentOf(tile: TTile & { level: number }, treeSize: number): TTile {
  return tileHolding(tile.level + 1, tile.index, treeSize);
}

/**
 * Whether the tiles are the tree of the checkpoint: the root, rebuilt from them, is the checkpoint's
 * (this covers every partial tile and the top), and every full tile hashes to the hash its parent holds.
 * `tops`: those hashes already computed (while the entries were read), by tile path.
 */
async function authentic(
  tiles: Map<string, TTileRead>,
  checkpoint: TCheckpoint,
  tops: Map<string, Buffer>,
  hasher: TTileHasher,
): Promise<boolean> {
  for (const { tile, bytes } of tiles.values()) if (bytes.length !== tile.width * HASH_SIZE) return false;
  if (!(await treeHead(sourceOver(tiles, checkpoint.treeSize), checkpoint.treeSize)).equals(checkpoint.rootHash)) return false;
  const checks = [...tiles].map(async ([path, { tile, bytes }]) => {
    if (tile.width < TILE_WIDTH || tile.level === 'entries') return true;
    const parent = tiles.get(tilePath(parentOf({ ...tile, level: tile.level }, checkpoint.treeSize)));
    const at = (tile.index % TILE_WIDTH) * HASH_SIZE;
    if (!parent || parent.bytes.length < at + HASH_SIZE) return false;
    const top = tops.get(path) ?? (await hasher.top(bytes));
    return top.equals(parent.bytes.subarray(at, at + HASH_SIZE));
  });
  return (await Promise.all(checks)).every(Boolean);
}

function sourceOver(tiles: Map<string, TTileRead>, treeSize: number) {
  return tileTreeSource(treeSize, (tile) => {
    const found = tiles.get(tilePath(tile));
    const hashes = found ? tileHashes(found.tile, found.bytes) : null;
    return hashes ? Promise.resolve(hashes) : Promise.reject(new Error(`${tilePath(tile)} missing`));
  });
}

/**
 * The hash tiles of a tree: level-0 tiles rebuilt from entry bundles where those were read, from the
 * cache where a full tile lies wholly inside the kept tree, else from the log.
 */
async function readTiles(options: TFollowOptions, treeSize: number, keptSize: number, useCache: boolean, fromEntries: Map<string, Buffer>) {
  const tiles = new Map<string, TTileRead>();
  let fetched = 0;
  const missing: string[] = [];
  await inParallel(hashTilesOf(treeSize), options.parallel ?? 16, async (tile) => {
    const rebuilt = fromEntries.get(tilePath(tile));
    if (rebuilt) return void tiles.set(tilePath(tile), { tile, bytes: rebuilt, ...(options.stage ? { staged: true as const } : {}) });
    const cached = useCache && tile.width === TILE_WIDTH && tileSpan(tile).end <= keptSize ? options.cache?.read(tile) : null;
    if (cached) return void tiles.set(tilePath(tile), { tile, bytes: cached, cached: true });
    const answer = await options.remote.tile(tile);
    if (answer.kind !== 'ok') return void missing.push(tilePath(tile));
    fetched += 1;
    tiles.set(tilePath(tile), { tile, bytes: answer.bytes });
  });
  return { tiles, fetched, missing: missing.sort()[0] ?? null };
}

type TEntriesRead = {
  /** Level-0 tiles (by path) rebuilt from the entries: each entry's leaf hash. */
  level0: Map<string, Buffer>;
  /** The hashes their parent tiles must hold for the full ones, by path. */
  tops: Map<string, Buffer>;
  checked: number;
  withheld: string[];
  problem: string | null;
};

/**
 * The new entry bundles (those reaching past `entriesDone`): each decoded, its entries' leaf hashes
 * making the level-0 tile it covers, so the tree is rebuilt from the entries themselves and those tiles
 * need not be fetched. Staged where `stage` says, with those tiles; they count as authenticated only once the
 * tree they make is the checkpoint's (followLog's result says so).
 */
async function readEntryBundles(options: TFollowOptions, treeSize: number): Promise<TEntriesRead> {
  const read: TEntriesRead = { level0: new Map(), tops: new Map(), checked: 0, withheld: [], problem: null };
  const hasher = options.hasher ?? inThreadHasher;
  const problems: string[] = [];
  const bundles = entryBundlesOf(treeSize).filter((tile) => tileSpan(tile).end > (options.entriesDone ?? 0));
  await inParallel(bundles, options.parallel ?? 16, async (tile) => {
    const answer = await options.remote.tile(tile);
    if (answer.kind === 'forbidden') return void read.withheld.push(tilePath(tile));
    if (answer.kind === 'missing') return void problems.push(`${tilePath(tile)} is not served`);
    const level0Tile = { level: 0, index: tile.index, width: tile.width };
    const rebuilt = await hasher.leaves(answer.bytes, tile.width, {
      gzipped: answer.gzipped,
      keepAt: options.stage?.(tile),
      keepLeavesAt: options.stage?.(level0Tile),
    });
    if ('problem' in rebuilt) return void problems.push(`${tilePath(tile)} ${rebuilt.problem}`);
    const level0 = tilePath(level0Tile);
    read.level0.set(level0, rebuilt.leaves);
    if (rebuilt.top) read.tops.set(level0, rebuilt.top);
    read.checked += tile.width;
  });
  read.withheld.sort();
  read.problem = problems.sort()[0] ?? null;
  return read;
}

/** The first entry whose leaf hash, rebuilt from its bundle, is not the one the log's own level-0 tile holds; null if none. */
function firstWrongEntry(rebuilt: Map<string, Buffer>, tiles: Map<string, TTileRead>): string | null {
  for (const [path, bytes] of [...rebuilt].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const served = tiles.get(path);
    if (!served) continue;
    for (let i = 0; i * HASH_SIZE < bytes.length; i++) {
      if (!bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE).equals(served.bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE)))
        return `entry ${tileSpan(served.tile).start + i} does not hash to its leaf`;
    }
  }
  return null;
}

export async function followLog(options: TFollowOptions): Promise<TFollowResult> {
  const note = await options.remote.checkpoint();
  const verified = verifyCheckpointNote(note, options.logKeys);
  if (!verified.ok)
    return { kind: 'unverifiable', explanation: `the checkpoint served does not verify with the log's key (${verified.problem})` };
  const checkpoint = verified.checkpoint;
  const served: TKeptCheckpoint = { checkpoint, note };
  const kept = options.kept;
  if (kept && kept.checkpoint.origin !== checkpoint.origin)
    return { kind: 'unverifiable', explanation: `the checkpoint is for "${checkpoint.origin}", not "${kept.checkpoint.origin}"` };

  if (kept && checkpoint.treeSize === kept.checkpoint.treeSize) {
    if (checkpoint.rootHash.equals(kept.checkpoint.rootHash)) return { kind: 'unchanged', kept: served };
    return {
      kind: 'misbehaviour',
      proof: sameSizeProof(kept.note, note),
      explanation: `the log signed two different trees of ${checkpoint.treeSize} entries`,
    };
  }

  if (kept && checkpoint.treeSize < kept.checkpoint.treeSize) {
    // The kept tree's tiles, authenticated in the step that kept it, say what the smaller tree must be.
    const keptTiles = new Map<string, TTileRead>();
    for (const tile of hashTilesOf(kept.checkpoint.treeSize)) {
      const bytes = options.cache?.read(tile);
      if (bytes) keptTiles.set(tilePath(tile), { tile, bytes });
    }
    const keptSource = sourceOver(keptTiles, kept.checkpoint.treeSize);
    const claimed = await rangeHash(keptSource, 0, checkpoint.treeSize).catch(() => null);
    if (!claimed)
      return { kind: 'older', served, explanation: `the log went back from ${kept.checkpoint.treeSize} to ${checkpoint.treeSize} entries` };
    if (claimed.equals(checkpoint.rootHash))
      return {
        kind: 'older',
        served,
        explanation: `the log serves an older checkpoint (${checkpoint.treeSize} entries) than before (${kept.checkpoint.treeSize}); it is consistent with it`,
      };
    const proof = await consistencyProof(keptSource, checkpoint.treeSize, kept.checkpoint.treeSize);
    return {
      kind: 'misbehaviour',
      proof: inconsistencyProof(note, kept.note, base64s(fullConsistencyPath(checkpoint.treeSize, claimed, proof))),
      explanation: `the log went back from ${kept.checkpoint.treeSize} to ${checkpoint.treeSize} entries with a different history`,
    };
  }

  const keptSize = kept?.checkpoint.treeSize ?? 0;
  const entries = options.entries ? await readEntryBundles(options, checkpoint.treeSize) : null;
  if (entries?.problem) return { kind: 'unverifiable', explanation: entries.problem };
  let read = await readTiles(options, checkpoint.treeSize, keptSize, true, entries?.level0 ?? new Map<string, Buffer>());
  if (read.missing)
    return {
      kind: 'unverifiable',
      explanation: `the log does not serve ${read.missing}, which its checkpoint of ${checkpoint.treeSize} entries needs`,
    };
  const hasher = options.hasher ?? inThreadHasher;
  if (!(await authentic(read.tiles, checkpoint, entries?.tops ?? new Map<string, Buffer>(), hasher))) {
    // Perhaps the kept tiles are of another history, or an entry is not what the log hashed: ask the log for all its tiles.
    read = await readTiles(options, checkpoint.treeSize, keptSize, false, new Map<string, Buffer>());
    if (read.missing || !(await authentic(read.tiles, checkpoint, new Map<string, Buffer>(), hasher)))
      return {
        kind: 'unverifiable',
        explanation: `the tiles served do not make the tree of the checkpoint of ${checkpoint.treeSize} entries`,
      };
    const wrong = entries ? firstWrongEntry(entries.level0, read.tiles) : null;
    if (wrong) return { kind: 'unverifiable', explanation: wrong };
  }
  const source = sourceOver(read.tiles, checkpoint.treeSize);
  if (kept) {
    const claimed = await rangeHash(source, 0, kept.checkpoint.treeSize);
    if (!claimed.equals(kept.checkpoint.rootHash)) {
      const proof = await consistencyProof(source, kept.checkpoint.treeSize, checkpoint.treeSize);
      return {
        kind: 'misbehaviour',
        proof: inconsistencyProof(kept.note, note, base64s(fullConsistencyPath(kept.checkpoint.treeSize, claimed, proof))),
        explanation: `the tree of ${checkpoint.treeSize} entries does not extend the tree of ${kept.checkpoint.treeSize} entries signed before`,
      };
    }
  }

  return {
    kind: 'followed',
    kept: served,
    tiles: read.tiles,
    fetched: read.fetched,
    entriesChecked: entries?.checked ?? 0,
    entriesWithheld: entries?.withheld ?? [],
  };
}
