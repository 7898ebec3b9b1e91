import 'server-only';
import { GENESIS_CHAIN_HASH, type THashedFields, chainHash, leafHash, personalCommitment } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { type TCheckpointsResult, createCheckpointVerifier } from '@/server/transparency/checkpoint-verifier';

export type TChainProblem = 'sequence-gap' | 'leaf-hash-mismatch' | 'chain-hash-mismatch' | 'personal-data-mismatch' | 'head-mismatch';

export type TVerifyResult = {
  ok: boolean;
  /** The signed checkpoints, each checked against the leaves up to its size. */
  checkpoints: TCheckpointsResult;
  entriesChecked: number;
  lastVerifiedSeq: bigint;
  lastVerifiedAt: Date | null;
  firstBroken: { seq: bigint; problem: TChainProblem } | null;
};

export type TStoredEntry = THashedFields & {
  leafHash: string;
  chainHash: string;
  /** The personal row, if it has not been erased. */
  personal: { salt: string; data: TCanonicalValue } | null;
};

/**
 * Checks entries fed to it in sequence order, one at a time, keeping only the previous chain hash:
 * memory stays flat however long the log. Names the first entry that is missing (gap), changed, or
 * out of order, or whose personal fields no longer match their commitment.
 */
export function createChainVerifier(checkpoints = createCheckpointVerifier([], [])) {
  let expectedSeq = 1n;
  let previousChain = GENESIS_CHAIN_HASH;
  let lastVerifiedAt: Date | null = null;
  let firstBroken: TVerifyResult['firstBroken'] = null;

  const result = (): TVerifyResult => {
    const signed = checkpoints.finish();
    return {
      ok: firstBroken === null && signed.firstBad === null,
      checkpoints: signed,
      entriesChecked: Number(expectedSeq - 1n),
      lastVerifiedSeq: expectedSeq - 1n,
      lastVerifiedAt,
      firstBroken,
    };
  };

  return {
    /** Returns false once a problem is found; feed no more entries after that. */
    push(entry: TStoredEntry): boolean {
      if (firstBroken) return false;
      if (entry.seq !== expectedSeq) firstBroken = { seq: expectedSeq, problem: 'sequence-gap' };
      else {
        const leaf = leafHash(entry);
        if (leaf !== entry.leafHash) firstBroken = { seq: entry.seq, problem: 'leaf-hash-mismatch' };
        else if (chainHash(previousChain, leaf) !== entry.chainHash) firstBroken = { seq: entry.seq, problem: 'chain-hash-mismatch' };
        else if (entry.personal && personalCommitment(entry.personal.salt, entry.personal.data) !== entry.personalCommitment) {
          firstBroken = { seq: entry.seq, problem: 'personal-data-mismatch' };
        }
      }
      if (firstBroken) return false;
      previousChain = entry.chainHash;
      checkpoints.pushLeaf(entry.leafHash);
      lastVerifiedAt = entry.recordedAt;
      expectedSeq++;
      return true;
    },
    /** Compares what was read with the log head read before the entries. */
    finish(head: { seq: bigint; chainHash: string } | null): TVerifyResult {
      if (!firstBroken) {
        const headSeq = head?.seq ?? 0n;
        if (expectedSeq - 1n < headSeq) firstBroken = { seq: expectedSeq, problem: 'sequence-gap' }; // the newest entries were removed
        else if (headSeq > 0n && head?.chainHash !== previousChain) firstBroken = { seq: headSeq, problem: 'head-mismatch' };
      }
      return result();
    },
  };
}
