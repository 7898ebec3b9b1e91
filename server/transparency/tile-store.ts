import 'server-only';
import { type THashedFields, entryCanonicalBytes } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';
import { type TTile, TILE_HEIGHT, encodeEntryBundle, tileSpan, tileWithin } from '@/shared/transparency/tiles';

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

type TEntryRow = Omit<THashedFields, 'payload'> & { payload: unknown };

/**
 * An entry bundle's bytes: each entry's canonical bytes (those its leaf hash covers), length-prefixed,
 * with the time span of its entries for the caller's access check. Null beyond the newest checkpoint.
 */
export async function readEntryBundle(
  prisma: TDb,
  tile: TTile & { level: 'entries' },
): Promise<{ bytes: Buffer; firstRecordedAt: Date; lastRecordedAt: Date } | null> {
  if (!tileWithin(tile, await publishedTreeSize(prisma))) return null;
  const { start, end } = tileSpan(tile);
  const rows = await prisma.$queryRaw<TEntryRow[]>`
    SELECT seq, recorded_at AS "recordedAt", event_type AS "eventType", consultation_id::text AS "consultationId",
           payload, personal_commitment AS "personalCommitment"
    FROM consent_log WHERE seq > ${BigInt(start)} AND seq <= ${BigInt(end)} ORDER BY seq`;
  if (rows.length !== tile.width) return null;
  const times = rows.map((r) => r.recordedAt.getTime());
  return {
    bytes: encodeEntryBundle(rows.map((r) => entryCanonicalBytes({ ...r, payload: r.payload as TCanonicalValue }))),
    firstRecordedAt: new Date(Math.min(...times)),
    lastRecordedAt: new Date(Math.max(...times)),
  };
}
