// Checks signed checkpoints against the log's leaves while the chain verifier streams them: each
// checkpoint's signature (with the published keys) and its root, recomputed from the leaves up to its
// size. Checkpoints that all match the same leaves are consistent with one another. No server-only
// imports: the standalone verifier uses the same code.
import { verifyCheckpointNote } from '@/server/transparency/checkpoint-note';
import { type THash, nodeHash } from '@/server/transparency/merkle';

export type TCheckpointProblem = 'bad-signature' | 'unknown-key' | 'malformed' | 'root-mismatch' | 'beyond-log';

export type TCheckpointsResult = { checked: number; firstBad: { treeSize: bigint; problem: TCheckpointProblem } | null };

export type TCheckpointToCheck = { treeSize: bigint; note: string };

export function createCheckpointVerifier(checkpoints: TCheckpointToCheck[], verifierKeys: string[]) {
  const pending = [...checkpoints].sort((a, b) => (a.treeSize < b.treeSize ? -1 : 1));
  const frontier: { level: number; hash: THash }[] = [];
  let size = 0n;
  let checked = 0;
  let firstBad: TCheckpointsResult['firstBad'] = null;

  const root = (): THash => frontier.reduceRight<THash | null>((right, node) => (right ? nodeHash(node.hash, right) : node.hash), null)!;

  function check(checkpoint: TCheckpointToCheck): void {
    const note = verifyCheckpointNote(checkpoint.note, verifierKeys);
    if (!note.ok) firstBad = { treeSize: checkpoint.treeSize, problem: note.problem };
    else if (BigInt(note.checkpoint.treeSize) !== checkpoint.treeSize || !note.checkpoint.rootHash.equals(root())) {
      firstBad = { treeSize: checkpoint.treeSize, problem: 'root-mismatch' };
    } else checked += 1;
  }

  return {
    /** The next leaf, in sequence order (leaf hash as hex). */
    pushLeaf(leafHashHex: string): void {
      if (firstBad) return;
      let node: { level: number; hash: THash } = { level: 0, hash: Buffer.from(leafHashHex, 'hex') };
      while (frontier.length > 0 && frontier[frontier.length - 1]!.level === node.level) {
        node = { level: node.level + 1, hash: nodeHash(frontier.pop()!.hash, node.hash) };
      }
      frontier.push(node);
      size += 1n;
      while (!firstBad && pending[0]?.treeSize === size) check(pending.shift()!);
    },
    /** After the last leaf: a checkpoint larger than the log means entries it covered are gone. */
    finish(): TCheckpointsResult {
      if (!firstBad && pending[0]) firstBad = { treeSize: pending[0].treeSize, problem: 'beyond-log' };
      return { checked, firstBad };
    },
  };
}
