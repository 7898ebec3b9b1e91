import 'server-only';
import type { TDb } from '@/server/db/client';
import { env } from '@/server/env';
import { type TCheckpoint, verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { latestCheckpoint, publishedVerifierKeys } from '@/server/transparency/checkpoints';
import { verifyConsistency } from '@/shared/transparency/merkle';
import { consistencyProofFor } from '@/server/transparency/proofs';

export type TLogConsistency =
  | { kind: 'consistent'; size: number }
  | { kind: 'inconsistent' }
  /** This log never signed a checkpoint of the receipt's size. */
  | { kind: 'unknown' }
  | { kind: 'other-log'; origin: string }
  | { kind: 'unavailable' };

/**
 * The verify page's online extra: is the receipt's (already verified) checkpoint a prefix of the log's
 * newest signed checkpoint? The newest note's signature and the RFC 6962 consistency proof are checked
 * here as a verifier outside would, not taken from the database on trust.
 */
export async function consistencyWithLatest(prisma: TDb, checkpoint: TCheckpoint): Promise<TLogConsistency> {
  if (checkpoint.origin !== env().LOG_ORIGIN) return { kind: 'other-log', origin: checkpoint.origin };
  const stored = await latestCheckpoint(prisma);
  const latest = stored ? verifyCheckpointNote(stored.note, publishedVerifierKeys()) : null;
  if (!latest?.ok) return { kind: 'unavailable' };
  const newest = latest.checkpoint;
  if (newest.treeSize < checkpoint.treeSize) return { kind: 'unknown' };
  const proof = await consistencyProofFor(prisma, { from: checkpoint.treeSize, to: newest.treeSize });
  if (!proof) return { kind: 'unknown' };
  const hashes = proof.proof.map((h) => Buffer.from(h, 'base64'));
  return verifyConsistency(checkpoint.treeSize, newest.treeSize, checkpoint.rootHash, newest.rootHash, hashes)
    ? { kind: 'consistent', size: newest.treeSize }
    : { kind: 'inconsistent' };
}
