// Checks signed checkpoints against the log's leaves while the chain verifier streams them: each
// checkpoint's signature (with the published keys) and its root, recomputed from the leaves up to its
// size. Checkpoints that all match the same leaves are consistent with one another. In shared/
// (docs/architecture.md): the standalone verifier uses the same code.
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { type THash, nodeHash } from '@/shared/transparency/merkle';

export type TCheckpointProblem = 'bad-signature' | 'unknown-key' | 'malformed' | 'root-mismatch' | 'beyond-log';

/**
 * `notCheckedAfterBreak`: checkpoints over entries past a changed entry of the chain. Their leaves were
 * never read, so they are neither confirmed nor contradicted; the chain's break is the finding.
 */
export type TCheckpointsResult = {
  checked: number;
  firstBad: { treeSize: bigint; problem: TCheckpointProblem } | null;
  notCheckedAfterBreak: number;
};

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
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- check() may set firstBad; narrowing does not see a call's assignments
      while (!firstBad && pending[0]?.treeSize === size) check(pending.shift()!);
    },
    /**
     * After the last leaf read: a checkpoint larger than the log means entries it covered are gone;
     * unless reading stopped at an entry that was changed (`chainBrokenByChange`), when the entries are
     * there but were not read: such checkpoints are counted as not checked, not reported as missing entries.
     */
    finish(chainBrokenByChange = false): TCheckpointsResult {
      let notCheckedAfterBreak = 0;
      if (!firstBad && pending[0]) {
        if (chainBrokenByChange) notCheckedAfterBreak = pending.length;
        else firstBad = { treeSize: pending[0].treeSize, problem: 'beyond-log' };
      }
      return { checked, firstBad, notCheckedAfterBreak };
    },
  };
}
