import 'server-only';
import {
  GENESIS_CHAIN_HASH,
  LOG_FORMAT_VERSION,
  chainHash,
  leafHashOfText,
  personalCommitmentOfBytes,
} from '@/server/audit-log/entry-hashing';
import { type TCheckpointsResult, createCheckpointVerifier } from '@/shared/transparency/checkpoint-verifier';

export type TChainProblem =
  | 'sequence-gap'
  | 'leaf-hash-mismatch'
  | 'chain-hash-mismatch'
  | 'personal-data-mismatch'
  /** The entry commits to personal fields whose row is gone, and no later purge entry erased it. */
  | 'personal-data-missing'
  | 'head-mismatch';

/**
 * A retention purge as the log records it (entry `seq`, written at `recordedAt`): personal rows of
 * entries before it recorded before `before` may be gone.
 */
export type TErasure = { seq: bigint; recordedAt: Date; before: Date };

/**
 * The shortest retention any configuration allows (one whole calendar year, server/env.ts): a purge
 * entry claiming to erase anything younger than this at its own time covers nothing. So a well-formed
 * entry appended by someone who can write to the log cannot excuse erasing recent personal data.
 */
export const MIN_RETENTION_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Answers "was the personal row of this entry erased by a purge the log records?" for entries fed in
 * sequence order: a purge later in the log (greater seq) whose cut-off is after the entry's time.
 */
function createErasureCover(erasures: TErasure[]) {
  const sorted = erasures
    .filter((e) => !Number.isNaN(e.before.getTime()) && e.before.getTime() <= e.recordedAt.getTime() - MIN_RETENTION_MS)
    .sort((a, b) => (a.seq < b.seq ? -1 : 1));
  // The latest cut-off among the purges from index i on.
  const latestFrom = new Array<number>(sorted.length + 1).fill(Number.NEGATIVE_INFINITY);
  for (let i = sorted.length - 1; i >= 0; i--) latestFrom[i] = Math.max(latestFrom[i + 1]!, sorted[i]!.before.getTime());
  let next = 0;
  // Entries come in sequence order, so the first purge after the entry only moves forward (a lookup
  // out of order, e.g. erasureCovers on a page read ahead, searches from the start).
  return (entry: { seq: bigint; recordedAt: Date }): boolean => {
    if (next > 0 && sorted[next - 1]!.seq > entry.seq) next = 0;
    while (next < sorted.length && sorted[next]!.seq <= entry.seq) next++;
    return latestFrom[next]! > entry.recordedAt.getTime();
  };
}

export type TVerifyResult = {
  ok: boolean;
  /** The signed checkpoints, each checked against the leaves up to its size. */
  checkpoints: TCheckpointsResult;
  entriesChecked: number;
  lastVerifiedSeq: bigint;
  lastVerifiedAt: Date | null;
  firstBroken: { seq: bigint; problem: TChainProblem } | null;
};

/**
 * An entry as stored (docs/decisions/0075): `canonical` is its stored bytes (UTF-8 text, as the leaf hash covers
 * them; its other columns are generated from them), and its personal row, if not erased, as its salt and the
 * stored bytes of the personal data, which the commitment hashes.
 */
export type TStoredEntry = {
  seq: bigint;
  recordedAt: Date;
  personalCommitment: string | null;
  leafHash: string;
  chainHash: string;
  canonical: string;
  personal: { salt: string; canonical: string } | null;
};

/**
 * Checks entries fed to it in sequence order, one at a time, keeping only the previous chain hash:
 * memory stays flat however long the log. Names the first entry that is missing (gap), changed, or
 * out of order, or whose personal fields no longer match their commitment, or are gone without a
 * retention purge recorded later in the log that erased them.
 */
/** Where a verification of the newer entries starts: the last entry a full verification recomputed, and its chain hash. */
export type TChainStart = { seq: bigint; chainHash: string };

export function createChainVerifier(
  checkpoints = createCheckpointVerifier([], []),
  erasures: TErasure[] = [],
  options: { start?: TChainStart; keepChainHashAt?: ReadonlySet<bigint> } = {},
) {
  let erased = createErasureCover(erasures);
  const startSeq = options.start?.seq ?? 0n;
  let expectedSeq = startSeq + 1n;
  let previousChain = options.start?.chainHash ?? GENESIS_CHAIN_HASH;
  const keptChainHashes = new Map<bigint, string>();
  let lastVerifiedAt: Date | null = null;
  let firstBroken: TVerifyResult['firstBroken'] = null;

  const result = (): TVerifyResult => {
    // A gap means entries are missing, and a checkpoint over them says so too; any other break is a
    // changed entry, after which the entries exist but were not read.
    const signed = checkpoints.finish(firstBroken !== null && firstBroken.problem !== 'sequence-gap');
    return {
      ok: firstBroken === null && signed.firstBad === null,
      checkpoints: signed,
      entriesChecked: Number(expectedSeq - 1n - startSeq),
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
        const leaf = leafHashOfText(entry.canonical);
        // The bytes must also be this entry's: a check constraint ties the sequence number to them, but whoever
        // can drop it can move rows. Canonical key order puts "seq" and "v" last, so one comparison does.
        if (leaf !== entry.leafHash || !entry.canonical.endsWith(`"seq":"${entry.seq}","v":${LOG_FORMAT_VERSION}}`))
          firstBroken = { seq: entry.seq, problem: 'leaf-hash-mismatch' };
        else if (chainHash(previousChain, leaf) !== entry.chainHash) firstBroken = { seq: entry.seq, problem: 'chain-hash-mismatch' };
        else if (entry.personal && personalCommitmentOfBytes(entry.personal.salt, entry.personal.canonical) !== entry.personalCommitment) {
          firstBroken = { seq: entry.seq, problem: 'personal-data-mismatch' };
        } else if (!entry.personal && entry.personalCommitment !== null && !erased(entry)) {
          // Erasure is legitimate only as a recorded purge (docs/decisions/0029); a row simply gone is tampering.
          firstBroken = { seq: entry.seq, problem: 'personal-data-missing' };
        }
      }
      if (firstBroken) return false;
      previousChain = entry.chainHash;
      if (options.keepChainHashAt?.has(entry.seq)) keptChainHashes.set(entry.seq, entry.chainHash);
      checkpoints.pushLeaf(entry.leafHash);
      lastVerifiedAt = entry.recordedAt;
      expectedSeq++;
      return true;
    },
    /**
     * The purges recorded in the log, read again (the embedded database reads without a snapshot, so a
     * purge may have been recorded after they were first read); entries already checked stay checked.
     */
    updateErasures(list: TErasure[]): void {
      erased = createErasureCover(list);
    },
    /** Whether a purge already known covers this entry's missing personal row. */
    erasureCovers(entry: { seq: bigint; recordedAt: Date }): boolean {
      return erased(entry);
    },
    /** The chain hash of an entry named in `keepChainHashAt`, once checked. */
    chainHashAt(seq: bigint): string | null {
      return keptChainHashes.get(seq) ?? null;
    },
    /** Compares what was read with the log head read before the entries. */
    finish(head: { seq: bigint; chainHash: string } | null): TVerifyResult {
      if (!firstBroken) {
        const headSeq = head?.seq ?? 0n;
        if (expectedSeq - 1n < headSeq)
          firstBroken = { seq: expectedSeq, problem: 'sequence-gap' }; // the newest entries were removed
        else if (headSeq > 0n && head?.chainHash !== previousChain) firstBroken = { seq: headSeq, problem: 'head-mismatch' };
      }
      return result();
    },
  };
}
