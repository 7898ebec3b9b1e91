// The portable proof that a log signed two trees that cannot both be true (format: docs/transparency.md,
// "Proof of misbehaviour"). Built here, in shared/, so the monitor (log-follower/) and the member's browser
// (docs/decisions/0059) write one format; log-follower/misbehaviour-proof.ts checks it.

export const PROOF_FORMAT = 'consent-gateway.log-misbehaviour/v1';

export type TMisbehaviourProof = {
  format: typeof PROOF_FORMAT;
  kind: 'same-size' | 'inconsistent';
  /** The smaller (or, for same-size, the earlier seen) checkpoint first. */
  checkpoints: [string, string];
  /** For 'inconsistent': the larger tree's hashes, base64, in full consistency-proof order. */
  hashes?: string[];
};

/** Two signed notes of one tree size with different roots; `first` is the one seen first. */
export function sameSizeProof(first: string, second: string): TMisbehaviourProof {
  return { format: PROOF_FORMAT, kind: 'same-size', checkpoints: [first, second] };
}

/** `hashes`: the larger tree's full consistency path from the smaller size, base64. */
export function inconsistencyProof(smaller: string, larger: string, hashes: string[]): TMisbehaviourProof {
  return { format: PROOF_FORMAT, kind: 'inconsistent', checkpoints: [smaller, larger], hashes };
}
