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

/**
 * The tree of the first `size` leaves as the roots of its perfect subtrees, largest first (RFC 6962's
 * MTH splits at the largest power of two): enough to go on adding leaves, and to compute its root.
 */
export type TTreeFrontier = { size: bigint; nodes: { level: number; hash: string }[] };

/** The root of the tree a frontier describes (null for the empty tree). */
export function frontierRoot(frontier: TTreeFrontier): THash | null {
  return frontier.nodes.reduceRight<THash | null>((right, node) => {
    const hash = Buffer.from(node.hash, 'hex');
    return right ? nodeHash(hash, right) : hash;
  }, null);
}

export type TCheckpointVerifierOptions = {
  /** Go on from a tree already checked (only checkpoints larger than it are checked). */
  start?: TTreeFrontier;
  /** Tree sizes whose frontier to keep when reached (a few: each is kept until the end; see `frontierAt`). */
  keepFrontierAt?: ReadonlySet<bigint>;
};

export function createCheckpointVerifier(
  checkpoints: TCheckpointToCheck[],
  verifierKeys: string[],
  options: TCheckpointVerifierOptions = {},
) {
  const startSize = options.start?.size ?? 0n;
  const pending = checkpoints.filter((c) => c.treeSize > startSize).sort((a, b) => (a.treeSize < b.treeSize ? -1 : 1));
  const frontier: { level: number; hash: THash }[] = (options.start?.nodes ?? []).map((n) => ({
    level: n.level,
    hash: Buffer.from(n.hash, 'hex'),
  }));
  let size = startSize;
  const kept = new Map<bigint, TTreeFrontier>();
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
      if (options.keepFrontierAt?.has(size))
        kept.set(size, { size, nodes: frontier.map((n) => ({ level: n.level, hash: n.hash.toString('hex') })) });
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
    /** The frontier kept at one of the sizes `keepFrontierAt` named; null if that size was not reached. */
    frontierAt(treeSize: bigint): TTreeFrontier | null {
      return kept.get(treeSize) ?? null;
    },
  };
}
