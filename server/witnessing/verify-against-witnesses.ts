import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';
import { consistencyProof } from '@/shared/transparency/merkle';
import { parseSignedNote } from '@/shared/transparency/signed-note';
import { type TStoredCheckpoint, signCheckpoint } from '@/server/transparency/checkpoints';
import { storedTree } from '@/server/transparency/merkle-store';
import { raiseWitnessAlarm } from '@/server/witnessing/witness-alarms';
import { type TSubmitResult, submitToWitness } from '@/server/witnessing/witness-client';
import { type TWitness, type TWitnessing, isWitnessed, witnessing } from '@/server/witnessing/witness-policy';

export type TWitnessCheck = { witness: string; url: string } &
  /** The witness's latest cosigned tree is a prefix of the database's log; it has now cosigned the log's head. */
  (
    | { outcome: 'consistent'; witnessSize: number }
    /** The witness had cosigned nothing for this log: nothing to compare (it has now cosigned the head). */
    | { outcome: 'first-contact' }
    /** The witness cosigned a tree the database's log does not extend: the log was rewritten (a fork). */
    | { outcome: 'fork'; witnessSize: number }
    /** The witness cosigned more entries than the database holds: entries were removed or a backup restored. */
    | { outcome: 'rollback'; witnessSize: number }
    | { outcome: 'unreachable' | 'refused'; detail: string }
  );

export type TWitnessVerification = { logSize: number; checks: TWitnessCheck[]; confirmed: boolean; contradicted: boolean };

const submission = async (prisma: TDb, head: TStoredCheckpoint, oldSize: number) => ({
  oldSize,
  proof: await consistencyProof(storedTree(prisma), oldSize, Number(head.treeSize)),
  note: head.note,
  text: parseSignedNote(head.note)!.text,
});

function unanswered(result: TSubmitResult): { outcome: 'unreachable' | 'refused'; detail: string } {
  if (result.kind === 'unreachable') return { outcome: 'unreachable', detail: result.detail };
  if (result.kind === 'rate-limited') return { outcome: 'refused', detail: `rate-limited, retry after ${result.retryAfterSeconds} s` };
  return { outcome: 'refused', detail: result.kind === 'refused' ? result.detail : result.kind };
}

async function keepCosignature(prisma: TDb, witness: TWitness, head: TStoredCheckpoint, result: TSubmitResult): Promise<void> {
  if (result.kind !== 'cosigned') return;
  await prisma.logCosignature.createMany({
    data: [
      {
        treeSize: head.treeSize,
        witnessKey: witness.key.text,
        cosignedAt: new Date(Number(result.cosignature.timestamp) * 1000),
        line: result.line,
      },
    ],
    skipDuplicates: true,
  });
}

/**
 * Asks one witness where it stands (tlog-witness has no read call): an offer of the head from "old 0"
 * draws a 409 with the size it last cosigned; then the head is offered from that size with a
 * consistency proof out of the database's tree. A 422, or a 409 naming the same size, means the database's
 * log does not extend what the witness cosigned; a witness size beyond the head means entries are gone.
 */
export async function askWitness(prisma: TDb, witness: TWitness, asked: TStoredCheckpoint): Promise<TWitnessCheck> {
  const named = { witness: witness.name, url: witness.url };
  let head = asked;
  let size = Number(head.treeSize);
  const first = await submitToWitness(witness, await submission(prisma, head, 0));
  if (first.kind === 'cosigned') {
    await keepCosignature(prisma, witness, head, first);
    return { ...named, outcome: 'first-contact' };
  }
  if (first.kind !== 'conflict') return { ...named, ...unanswered(first) };
  let witnessSize = first.size;
  // The submitter may move the witness on between two calls: then ask once more from its new size.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (witnessSize > size) {
      // The leader may have had a newer head cosigned meanwhile: ask with the newest one.
      const newest = await signCheckpoint(prisma);
      if (!newest || Number(newest.treeSize) < witnessSize) {
        await raiseWitnessAlarm(prisma, witness, 'rollback', { witnessSize, logSize: Number(newest?.treeSize ?? 0n) });
        return { ...named, outcome: 'rollback', witnessSize };
      }
      head = newest;
      size = Number(newest.treeSize);
    }
    const result = await submitToWitness(witness, await submission(prisma, head, witnessSize));
    if (result.kind === 'cosigned') {
      await keepCosignature(prisma, witness, head, result);
      return { ...named, outcome: 'consistent', witnessSize };
    }
    if (result.kind === 'inconsistent' || (result.kind === 'conflict' && result.size === witnessSize)) {
      await raiseWitnessAlarm(prisma, witness, 'inconsistent', { witnessSize, logSize: size });
      return { ...named, outcome: 'fork', witnessSize };
    }
    if (result.kind !== 'conflict') return { ...named, ...unanswered(result) };
    witnessSize = result.size;
  }
  return { ...named, outcome: 'refused', detail: 'the witness kept moving on; ask again' };
}

/**
 * Checks the database's log against what the policy's witnesses cosigned, from their own storage, not
 * this database's: signs the head if it grew, then asks every witness. `confirmed` when witnesses
 * meeting the quorum hold a tree the log extends; `contradicted` when any holds one it does not.
 */
export async function verifyAgainstWitnesses(prisma: TDb, config: TWitnessing): Promise<TWitnessVerification> {
  const head = await signCheckpoint(prisma);
  if (!head) return { logSize: 0, checks: [], confirmed: false, contradicted: false };
  const checks = await Promise.all(config.witnesses.map((witness) => askWitness(prisma, witness, head)));
  const agreeing = config.witnesses.filter((_, i) => checks[i]!.outcome === 'consistent').map((w) => w.key.text);
  return {
    logSize: Number(head.treeSize),
    checks,
    confirmed: isWitnessed(config, agreeing),
    contradicted: checks.some((c) => c.outcome === 'fork' || c.outcome === 'rollback'),
  };
}

/** For the compliance page: officers only (null for anyone else, and when no witnesses are configured). */
export async function verifyAgainstWitnessesForOfficer(prisma: TDb, actor: TActor): Promise<TWitnessVerification | null> {
  const config = witnessing();
  if (actor.kind !== 'COMPLIANCE' || !config) return null;
  return verifyAgainstWitnesses(prisma, config);
}
