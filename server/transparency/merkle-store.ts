import 'server-only';
import type { TDb, TTx } from '@/server/db/client';
import { type THash, type TTreeSource, nodeHash } from '@/shared/transparency/merkle';

/** Leaves read and nodes written per transaction while the tree catches up with the log. */
const BUILD_BATCH = 10_000;

type TFrontierNode = { level: number; hash: THash };

/** Reads leaves (level 0, from the log) and complete subtrees (stored nodes) for the proof algorithms. */
export function storedTree(prisma: TDb | TTx): TTreeSource {
  return {
    async perfect(start, size) {
      if (size === 1) {
        const rows = await prisma.$queryRaw<{ leaf_hash: string }[]>`SELECT leaf_hash FROM consent_log WHERE seq = ${BigInt(start) + 1n}`;
        if (!rows[0]) throw new Error(`leaf ${start} is not in the log`);
        return Buffer.from(rows[0].leaf_hash, 'hex');
      }
      const level = Math.log2(size);
      const rows = await prisma.$queryRaw<{ hash: Uint8Array }[]>`
        SELECT hash FROM merkle_node WHERE level = ${level}::smallint AND idx = ${BigInt(start / size)}`;
      if (!rows[0]) throw new Error(`node ${level}/${start / size} is not built`);
      return Buffer.from(rows[0].hash);
    },
  };
}

/** The complete subtrees the first `size` leaves form (one per set bit of `size`), largest first. */
async function loadFrontier(tx: TTx, size: bigint): Promise<TFrontierNode[]> {
  const source = storedTree(tx);
  const frontier: TFrontierNode[] = [];
  let start = 0;
  for (let level = 62; level >= 0; level--) {
    const width = 2 ** level;
    if ((size & (1n << BigInt(level))) === 0n) continue;
    frontier.push({ level, hash: await source.perfect(start, width) });
    start += width;
  }
  return frontier;
}

/**
 * Extends the stored tree to the log's head: each new leaf completes the subtrees it closes, which are
 * stored. One builder at a time across instances (the tree row's lock); each batch commits on its own,
 * so a large backlog neither holds one long transaction nor starts over after an interruption.
 * Returns the tree size now covered.
 */
export async function extendMerkleTree(prisma: TDb, batch = BUILD_BATCH): Promise<bigint> {
  for (;;) {
    const outcome = await prisma.$transaction(async (tx) => {
      const [tree] = await tx.$queryRaw<{ size: bigint }[]>`SELECT size FROM merkle_tree WHERE id = 1 FOR UPDATE`;
      if (!tree) throw new Error('merkle_tree is missing: run the migrations');
      const leaves = await tx.$queryRaw<{ leaf_hash: string }[]>`
        SELECT leaf_hash FROM consent_log WHERE seq > ${tree.size} ORDER BY seq LIMIT ${batch}`;
      if (leaves.length === 0) return { size: tree.size, done: true };
      const frontier = await loadFrontier(tx, tree.size);
      const levels: number[] = [];
      const indexes: bigint[] = [];
      const hashes: Buffer[] = [];
      let index = tree.size;
      for (const { leaf_hash } of leaves) {
        let node: TFrontierNode = { level: 0, hash: Buffer.from(leaf_hash, 'hex') };
        while (frontier.length > 0 && frontier[frontier.length - 1]!.level === node.level) {
          const left = frontier.pop()!;
          node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
          levels.push(node.level);
          indexes.push(index >> BigInt(node.level));
          hashes.push(node.hash);
        }
        frontier.push(node);
        index += 1n;
      }
      if (levels.length > 0) {
        await tx.$executeRaw`
          INSERT INTO merkle_node (level, idx, hash)
          SELECT * FROM unnest(${levels}::smallint[], ${indexes.map(String)}::bigint[], ${hashes}::bytea[])`;
      }
      await tx.$executeRaw`UPDATE merkle_tree SET size = ${index} WHERE id = 1`;
      return { size: index, done: leaves.length < batch };
    });
    if (outcome.done) return outcome.size;
  }
}
