import 'server-only';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TDb } from '@/server/db/client';
import { type TTile, TILE_HEIGHT, TILE_WIDTH, encodeEntryBundle, tileSpan, tileWithin } from '@/shared/transparency/tiles';

/** The size of the newest signed checkpoint: tiles are served up to it and no further (what is served is what is signed). */
export async function publishedTreeSize(prisma: TDb): Promise<number> {
  const [row] = await prisma.$queryRaw<{ size: bigint | null }[]>`SELECT max(tree_size) AS size FROM log_checkpoint`;
  return Number(row?.size ?? 0n);
}

/**
 * A hash tile's bytes: at level 0 the entries' leaf hashes, above that the stored nodes 8·level levels
 * up. Null when the newest checkpoint does not cover the whole tile.
 */
export async function readHashTile(prisma: TDb, tile: TTile & { level: number }): Promise<Buffer | null> {
  if (!tileWithin(tile, await publishedTreeSize(prisma))) return null;
  const first = tile.index * 256;
  if (tile.level === 0) {
    const rows = await prisma.$queryRaw<{ leaf_hash: string }[]>`
      SELECT leaf_hash FROM consent_log WHERE seq > ${BigInt(first)} AND seq <= ${BigInt(first + tile.width)} ORDER BY seq`;
    return rows.length === tile.width ? Buffer.concat(rows.map((r) => Buffer.from(r.leaf_hash, 'hex'))) : null;
  }
  const rows = await prisma.$queryRaw<{ hash: Uint8Array }[]>`
    SELECT hash FROM merkle_node
    WHERE level = ${tile.level * TILE_HEIGHT}::smallint AND idx >= ${BigInt(first)} AND idx < ${BigInt(first + tile.width)}
    ORDER BY idx`;
  return rows.length === tile.width ? Buffer.concat(rows.map((r) => Buffer.from(r.hash))) : null;
}

type TEntryRow = { recordedAt: Date; canonical: Uint8Array };
type TBundle = { bytes: Buffer; firstRecordedAt: Date; lastRecordedAt: Date };
/** `gzipped`: the bytes are the kept gzip stream of the bundle, as asked for (a kept bundle only). */
type TReadBundle = TBundle & { gzipped: boolean };

/** The entries with sequence numbers in (start, end], as each entry bundle holds them. */
function entriesIn(prisma: TDb, start: number, end: number): Promise<TEntryRow[]> {
  return prisma.$queryRaw<TEntryRow[]>`
    SELECT recorded_at AS "recordedAt", canonical FROM consent_log WHERE seq > ${BigInt(start)} AND seq <= ${BigInt(end)} ORDER BY seq`;
}

/** One bundle's bytes (each entry's stored bytes, those its leaf hash covers, length-prefixed) and its entries' time span. */
function bundleOf(rows: TEntryRow[]): TBundle {
  const times = rows.map((r) => r.recordedAt.getTime());
  return {
    bytes: encodeEntryBundle(rows.map((r) => r.canonical)),
    firstRecordedAt: new Date(Math.min(...times)),
    lastRecordedAt: new Date(Math.max(...times)),
  };
}

/** A bundle as kept (a row of log_entry_bundle): decompressed, or with `asKept` its gzip stream itself. */
export function keptBundle(kept: Omit<TBundle, 'bytes'> & { gzipped: Uint8Array }, asKept: boolean): TReadBundle {
  const { gzipped, ...span } = kept;
  return asKept
    ? { bytes: Buffer.from(gzipped.buffer, gzipped.byteOffset, gzipped.byteLength), gzipped: true, ...span }
    : { bytes: gunzipSync(gzipped), gzipped: false, ...span };
}

/**
 * An entry bundle with the time span of its entries, for the caller's access check. A full bundle is
 * read as kept (storeFullEntryBundles keeps only bundles a signed checkpoint covers): decompressed, or
 * with `asKept` the gzip stream itself, for a client that takes it so; any other is built from the
 * entries. Null beyond the newest checkpoint.
 */
export async function readEntryBundle(
  prisma: TDb,
  tile: TTile & { level: 'entries' },
  { asKept = false }: { asKept?: boolean } = {},
): Promise<TReadBundle | null> {
  if (tile.width === TILE_WIDTH) {
    // A raw read: Prisma's own read of the bytes took twice as long, and a mirror asks thousands of times.
    const [kept] = await prisma.$queryRaw<(Omit<TBundle, 'bytes'> & { gzipped: Uint8Array })[]>`
      SELECT gzipped, first_recorded_at AS "firstRecordedAt", last_recorded_at AS "lastRecordedAt"
      FROM log_entry_bundle WHERE idx = ${BigInt(tile.index)}`;
    if (kept) return keptBundle(kept, asKept);
  }
  if (!tileWithin(tile, await publishedTreeSize(prisma))) return null;
  const { start, end } = tileSpan(tile);
  const rows = await entriesIn(prisma, start, end);
  return rows.length === tile.width ? { ...bundleOf(rows), gzipped: false } : null;
}

/**
 * Keeps the next full entry bundles the newest checkpoint covers (at most `max`, in order from the last
 * one kept), compressed once, so serving one is a single read of a fifth of its size: a mirror asks for
 * every one of them. Returns how many it
 * kept; fewer than `max` means none is left. Run by the checkpoint leader; two at once keep each once.
 */
export async function storeFullEntryBundles(prisma: TDb, max = 128): Promise<number> {
  const full = Math.floor((await publishedTreeSize(prisma)) / TILE_WIDTH);
  const [{ next } = { next: 0n }] = await prisma.$queryRaw<{ next: bigint }[]>`
    SELECT coalesce(max(idx) + 1, 0)::bigint AS next FROM log_entry_bundle`;
  const from = Number(next);
  const until = Math.min(full, from + max);
  if (until <= from) return 0;
  const rows = await entriesIn(prisma, from * TILE_WIDTH, until * TILE_WIDTH);
  if (rows.length !== (until - from) * TILE_WIDTH)
    throw new Error(`entries ${from * TILE_WIDTH + 1}..${until * TILE_WIDTH} are not all in the log`);
  const bundles = Array.from({ length: until - from }, (_, i) => bundleOf(rows.slice(i * TILE_WIDTH, (i + 1) * TILE_WIDTH)));
  await prisma.logEntryBundle.createMany({
    data: bundles.map((b, i) => ({
      idx: BigInt(from + i),
      // Compressed once here, as kept (0062): a fifth of the bytes to store and to read per request.
      gzipped: new Uint8Array(gzipSync(b.bytes)),
      firstRecordedAt: b.firstRecordedAt,
      lastRecordedAt: b.lastRecordedAt,
    })),
    skipDuplicates: true,
  });
  return until - from;
}
