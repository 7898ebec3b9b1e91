// What log:verify and the restore drill print about the witnesses (docs/transparency.md), and whether the
// check holds: the database's log against what witnesses cosigned, from their storage, not the database's.
import type { TWitnessCheck, TWitnessVerification } from '@/server/witnessing/verify-against-witnesses';

function line(check: TWitnessCheck): string {
  const who = `Witness ${check.witness} (${check.url})`;
  switch (check.outcome) {
    case 'consistent':
      return `${who}: cosigned ${check.witnessSize} entries; the log extends them. It has cosigned the head now.`;
    case 'first-contact':
      return `${who}: had cosigned nothing for this log; it has cosigned the head now (nothing to compare yet).`;
    case 'fork':
      return `${who}: cosigned a tree of ${check.witnessSize} entries that this log does NOT extend: the log was rewritten (a fork).`;
    case 'rollback':
      return `${who}: cosigned ${check.witnessSize} entries, more than this log holds: entries were removed or an older backup restored.`;
    case 'unreachable':
      return `${who}: could not be asked (${check.detail}).`;
    case 'refused':
      return `${who}: refused the question (${check.detail}).`;
  }
}

/** Prints one line per witness and the verdict; returns the exit code's contribution (0 holds, 2 contradicted, 1 not confirmed). */
export function reportWitnesses(verification: TWitnessVerification): number {
  for (const check of verification.checks) {
    const text = line(check);
    if (check.outcome === 'fork' || check.outcome === 'rollback') console.error(text);
    else console.log(text);
  }
  if (verification.contradicted) {
    console.error(`The log of ${verification.logSize} entries is NOT what the witnesses cosigned.`);
    return 2;
  }
  if (!verification.confirmed) {
    console.error('Witnesses meeting the policy’s quorum did not confirm the log: not verified against outside anchors.');
    return 1;
  }
  console.log(`Witnesses meeting the policy’s quorum confirm the log of ${verification.logSize} entries extends what they cosigned.`);
  return 0;
}
