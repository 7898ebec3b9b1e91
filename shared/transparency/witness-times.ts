// Which witnesses of a policy cosigned a checkpoint, and when they say they did (C2SP tlog-cosignature). In
// shared/: the monitor, the proof checker and the receipt verifier count them the same way.
import { checkCosignature } from '@/shared/transparency/cosignature';
import { type TPolicy, quorumMet } from '@/shared/transparency/policy';
import { parseSignedNote } from '@/shared/transparency/signed-note';

/** Per witness of the policy whose cosignature on a checkpoint verifies: the time it states (POSIX seconds). */
export type TWitnessTimes = Record<string, number>;

/** `text`: the checkpoint body the note's signatures cover (as verifyCheckpointNote returns it). */
export function witnessTimes(note: string, text: string, policy: TPolicy | null): TWitnessTimes {
  const times: TWitnessTimes = {};
  const signatures = parseSignedNote(note)?.signatures ?? [];
  for (const witness of policy?.witnesses ?? []) {
    for (const signature of signatures) {
      const checked = checkCosignature(signature, witness.key, text);
      if (checked && checked !== 'invalid') times[witness.name] = Number(checked.timestamp);
    }
  }
  return times;
}

export function quorumOf(policy: TPolicy, times: TWitnessTimes): boolean {
  return quorumMet(policy, new Set(Object.keys(times)));
}
