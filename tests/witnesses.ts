// Witness processes for a log, and the tlog-policy text that names them with a quorum, for tests,
// the e2e suite and the benchmarks.
import { type TWitnessProcess, startWitness } from '@/tests/witness-process';
import { policyText } from '@/shared/transparency/policy';

export { policyText };

export type TWitnessSet = { witnesses: TWitnessProcess[]; policy: string; stop(): Promise<void> };

export async function startWitnesses(logVkey: string, count: number, quorum = count, tag = 'test'): Promise<TWitnessSet> {
  const witnesses = await Promise.all(
    Array.from({ length: count }, (_, i) => startWitness({ name: `witness-${i + 1}.${tag}.example`, logs: [logVkey] })),
  );
  return {
    witnesses,
    policy: policyText(logVkey, witnesses, quorum),
    async stop() {
      await Promise.all(witnesses.map((w) => w.stop()));
    },
  };
}
