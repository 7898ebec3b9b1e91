// Checks a portable proof that a log signed two trees that cannot both be true (built with
// shared/transparency/misbehaviour-proof-format.ts). Anyone can check it with the log's verifier key alone: both checkpoints are the signed notes as the log served them (witness
// cosignatures included, whose times show which came first), and for two sizes m < n the proof carries
// the n-tree's hashes in the form of an RFC 9162 consistency proof, given in full (the m-subtree's hash
// first when m is a power of two): rebuilt, they give the n-tree's signed root and an m-root that is not
// the one signed for m. Format: docs/transparency.md, "Proof of misbehaviour".
import { z } from 'zod';
import { type TCheckpoint, verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { type THash, rebuildRoots } from '@/shared/transparency/merkle';
import { PROOF_FORMAT, type TMisbehaviourProof } from '@/shared/transparency/misbehaviour-proof-format';
import type { TPolicy } from '@/shared/transparency/policy';
import { strictBase64 } from '@/shared/transparency/signed-note';
import { type TWitnessTimes, witnessTimes } from '@/shared/transparency/witness-times';

const ZProof = z.object({
  format: z.literal(PROOF_FORMAT),
  kind: z.enum(['same-size', 'inconsistent']),
  checkpoints: z.tuple([z.string().max(100_000), z.string().max(100_000)]),
  hashes: z.array(z.string().max(64)).max(128).optional(),
});

export type TProofCheck =
  | {
      ok: true;
      kind: TMisbehaviourProof['kind'];
      checkpoints: [TCheckpoint, TCheckpoint];
      cosignatureTimes: [TWitnessTimes, TWitnessTimes];
    }
  | { ok: false; problem: string };

/** Checks a proof: a valid one shows the log with these keys signed two trees that cannot both be true. */
export function checkMisbehaviourProof(input: unknown, logKeys: string[], policy: TPolicy | null = null): TProofCheck {
  const parsed = ZProof.safeParse(input);
  if (!parsed.success) return { ok: false, problem: `not a proof of misbehaviour in format ${PROOF_FORMAT}` };
  const proof = parsed.data;
  const notes = proof.checkpoints.map((note) => ({ note, check: verifyCheckpointNote(note, logKeys) }));
  const [a, b] = notes as [(typeof notes)[number], (typeof notes)[number]];
  if (!a.check.ok || !b.check.ok)
    return { ok: false, problem: 'a checkpoint does not verify with the log key: it proves nothing about the log' };
  const [first, second] = [a.check.checkpoint, b.check.checkpoint];
  if (first.origin !== second.origin) return { ok: false, problem: 'the checkpoints are of two different logs' };
  const times: [TWitnessTimes, TWitnessTimes] = [witnessTimes(a.note, a.check.text, policy), witnessTimes(b.note, b.check.text, policy)];
  if (proof.kind === 'same-size') {
    if (first.treeSize !== second.treeSize) return { ok: false, problem: 'the checkpoints are of different sizes' };
    if (first.rootHash.equals(second.rootHash)) return { ok: false, problem: 'the checkpoints agree' };
    return { ok: true, kind: proof.kind, checkpoints: [first, second], cosignatureTimes: times };
  }
  if (!(first.treeSize > 0 && first.treeSize < second.treeSize))
    return { ok: false, problem: 'the first checkpoint must be the smaller, and not empty' };
  const hashes = (proof.hashes ?? []).map((h) => strictBase64(h));
  if (hashes.some((h) => h?.length !== 32)) return { ok: false, problem: 'a hash is not 32 bytes of base64' };
  const roots = rebuildRoots(first.treeSize, second.treeSize, hashes as THash[]);
  if (!roots) return { ok: false, problem: 'the hashes are not a consistency proof between these sizes' };
  if (!roots.newRoot.equals(second.rootHash))
    return { ok: false, problem: 'the hashes are not of the larger tree: they do not rebuild its root' };
  if (roots.oldRoot.equals(first.rootHash))
    return { ok: false, problem: 'the trees are consistent: the smaller is a prefix of the larger' };
  return { ok: true, kind: proof.kind, checkpoints: [first, second], cosignatureTimes: times };
}
