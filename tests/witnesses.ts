// Witness processes for a log, and the tlog-policy text that names them with a quorum, for tests,
// the e2e suite and the benchmarks.
import { type TWitnessProcess, startWitness } from '@/tests/witness-process';

export type TWitnessSet = { witnesses: TWitnessProcess[]; policy: string; stop(): Promise<void> };

/** A policy: the log, the witnesses with their URLs, and a quorum of `quorum` of them. */
export function policyText(logVkey: string, witnesses: { vkey: string; url: string }[], quorum = witnesses.length): string {
  const lines = [`log ${logVkey}`, ...witnesses.map((w, i) => `witness w${i + 1} ${w.vkey} ${w.url}`)];
  lines.push(`group witnesses ${quorum} ${witnesses.map((_, i) => `w${i + 1}`).join(' ')}`, 'quorum witnesses');
  return `${lines.join('\n')}\n`;
}

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
