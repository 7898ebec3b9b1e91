import 'server-only';
import type { TDb } from '@/server/db/client';
import { consistencyProof } from '@/shared/transparency/merkle';
import { parseSignedNote } from '@/shared/transparency/signed-note';
import { type TStoredCheckpoint, latestCheckpoint } from '@/server/transparency/checkpoints';
import { storedTree } from '@/server/transparency/merkle-store';
import { raiseWitnessAlarm } from '@/server/witnessing/witness-alarms';
import { type TSubmitResult, submitToWitness } from '@/server/witnessing/witness-client';
import type { TWitness, TWitnessing } from '@/server/witnessing/witness-policy';

/** A witness that failed is asked again after 1, 2, 4 … seconds, at most this long. */
const MAX_BACKOFF_MS = 30_000;

type TPause = { until: number; delayMs: number };
const pauses = new Map<string, TPause>();

type TStatus = { cosignedSize: bigint; alarm: string | null };

async function statusOf(prisma: TDb, witness: TWitness): Promise<TStatus> {
  // Read first: the row exists after the first round, and an upsert would write it every second.
  const select = { cosignedSize: true, alarm: true } as const;
  const found = await prisma.witnessStatus.findUnique({ where: { witnessKey: witness.key.text }, select });
  if (found) return found;
  await prisma.witnessStatus.createMany({ data: [{ witnessKey: witness.key.text }], skipDuplicates: true });
  return prisma.witnessStatus.findUniqueOrThrow({ where: { witnessKey: witness.key.text }, select });
}

async function noteProblem(prisma: TDb, witness: TWitness, problem: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE witness_status SET problem = ${problem.slice(0, 300)}, problem_since = COALESCE(problem_since, now())
     WHERE witness_key = ${witness.key.text}`;
}

function pause(witness: TWitness, atLeastMs = 0): void {
  const previous = pauses.get(witness.key.text)?.delayMs ?? 500;
  const delayMs = Math.max(atLeastMs, Math.min(MAX_BACKOFF_MS, previous * 2));
  pauses.set(witness.key.text, { until: Date.now() + delayMs, delayMs });
}

/** Consistency proofs to one checkpoint, each made once per round however many witnesses hold its old size. */
type TProofs = (oldSize: number) => Promise<Buffer[]>;

function proofsTo(prisma: TDb, checkpoint: TStoredCheckpoint): TProofs {
  const made = new Map<number, Promise<Buffer[]>>();
  return (oldSize) => {
    let proof = made.get(oldSize);
    if (!proof) made.set(oldSize, (proof = consistencyProof(storedTree(prisma), oldSize, Number(checkpoint.treeSize))));
    return proof;
  };
}

/** The witness's answer to the checkpoint with a consistency proof from `oldSize` (which it must hold). */
async function offer(witness: TWitness, checkpoint: TStoredCheckpoint, oldSize: number, proofs: TProofs): Promise<TSubmitResult> {
  const text = parseSignedNote(checkpoint.note)!.text;
  return submitToWitness(witness, { oldSize, proof: await proofs(oldSize), note: checkpoint.note, text });
}

export type TWitnessOutcome = 'cosigned' | 'up-to-date' | 'paused' | 'alarm' | 'problem';

/**
 * Offers the checkpoint to one witness from the size it last cosigned; a 409 names the witness's size,
 * and the offer is made once more from there. A 422, a 409 for the same size (another root), or a
 * witness size beyond the log raise the witness's alarm. Cosignatures are kept with the checkpoint.
 */
export async function offerCheckpoint(
  prisma: TDb,
  witness: TWitness,
  checkpoint: TStoredCheckpoint,
  proofs = proofsTo(prisma, checkpoint),
): Promise<TWitnessOutcome> {
  const status = await statusOf(prisma, witness);
  if (status.alarm) return 'alarm';
  const size = Number(checkpoint.treeSize);
  const cosigned = await prisma.logCosignature.count({ where: { treeSize: checkpoint.treeSize, witnessKey: witness.key.text } });
  if (cosigned > 0) return 'up-to-date';
  if ((pauses.get(witness.key.text)?.until ?? 0) > Date.now()) return 'paused';
  let oldSize = Number(status.cosignedSize);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (oldSize > size) {
      // A verification may have signed and offered a newer head meanwhile: the next round offers that one.
      const newest = await latestCheckpoint(prisma);
      if (newest && Number(newest.treeSize) >= oldSize) return 'up-to-date';
      await raiseWitnessAlarm(prisma, witness, 'rollback', { witnessSize: oldSize, logSize: Number(newest?.treeSize ?? 0n) });
      return 'alarm';
    }
    const result = await offer(witness, checkpoint, oldSize, proofs);
    switch (result.kind) {
      case 'cosigned':
        await prisma.$transaction([
          prisma.logCosignature.createMany({
            data: [
              {
                treeSize: checkpoint.treeSize,
                witnessKey: witness.key.text,
                cosignedAt: new Date(Number(result.cosignature.timestamp) * 1000),
                line: result.line,
              },
            ],
            skipDuplicates: true,
          }),
          prisma.witnessStatus.update({
            where: { witnessKey: witness.key.text },
            data: { cosignedSize: checkpoint.treeSize, lastContactAt: new Date(), problem: null, problemSince: null },
          }),
        ]);
        pauses.delete(witness.key.text);
        return 'cosigned';
      case 'conflict':
        if (result.size === oldSize) {
          // Same size, another root: the witness cosigned a different tree of this size.
          await raiseWitnessAlarm(prisma, witness, 'inconsistent', { witnessSize: result.size, logSize: size });
          return 'alarm';
        }
        await prisma.witnessStatus.update({
          where: { witnessKey: witness.key.text },
          data: { cosignedSize: BigInt(result.size), lastContactAt: new Date() },
        });
        oldSize = result.size;
        continue;
      case 'inconsistent':
        await raiseWitnessAlarm(prisma, witness, 'inconsistent', { witnessSize: oldSize, logSize: size });
        return 'alarm';
      case 'rate-limited':
        await noteProblem(prisma, witness, `rate-limited: retry after ${result.retryAfterSeconds} s`);
        pause(witness, result.retryAfterSeconds * 1000);
        return 'problem';
      case 'refused':
      case 'unreachable':
        await noteProblem(prisma, witness, `${result.kind}: ${result.detail}`);
        pause(witness);
        return 'problem';
    }
  }
  return 'problem';
}

/** Offers the checkpoint to every witness of the policy at once; one slow or absent witness delays no other. */
export async function witnessCheckpoint(prisma: TDb, config: TWitnessing, checkpoint: TStoredCheckpoint): Promise<TWitnessOutcome[]> {
  const proofs = proofsTo(prisma, checkpoint);
  return Promise.all(config.witnesses.map((witness) => offerCheckpoint(prisma, witness, checkpoint, proofs)));
}

/** Tests and a new leader start without another process's pauses. */
export function forgetWitnessPauses(): void {
  pauses.clear();
}
