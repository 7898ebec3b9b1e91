import 'server-only';
import { readFileSync } from 'node:fs';
import { env } from '@/server/env';
import { logSigner } from '@/server/transparency/checkpoints';
import { type TPolicy, parsePolicy, quorumMet, quorumReachable } from '@/shared/transparency/policy';
import type { TVkey } from '@/shared/transparency/signed-note';

export type TWitness = { name: string; key: TVkey; url: string };
/** `published`: the policy as verifiers outside read it (/.well-known/consent-log-policy): the file, with this log's key line if it had none. */
export type TWitnessing = { policy: TPolicy; witnesses: TWitness[]; published: string };

let loaded: TWitnessing | null | undefined;

/**
 * The witnesses and the quorum from WITNESS_POLICY_FILE (C2SP tlog-policy), or null without one. Read
 * once; a policy the gateway cannot follow stops the start with the line and the reason.
 */
export function witnessing(): TWitnessing | null {
  if (loaded !== undefined) return loaded;
  const file = env().WITNESS_POLICY_FILE;
  return (loaded = file ? readWitnessing(readFileSync(file, 'utf8'), `WITNESS_POLICY_FILE (${file})`) : null);
}

/** Reads a policy for this log: its log lines (if any) must list this log's key, its witnesses need URLs. */
export function readWitnessing(text: string, source: string): TWitnessing {
  const fail = (problem: string) => new Error(`Invalid configuration: ${source}: ${problem}. See docs/transparency.md.`);
  const result = parsePolicy(text);
  if (!result.ok) throw fail(`line ${result.line}: ${result.problem}`);
  const { policy } = result;
  const signer = logSigner();
  if (!signer) throw fail('witnessing needs LOG_SIGNING_KEY: witnesses cosign signed checkpoints');
  if (policy.logs.length > 0 && !policy.logs.some((l) => l.key.text === signer.verifierKey))
    throw fail(`the policy's log lines do not list this log's key ${signer.verifierKey}`);
  if (!quorumReachable(policy))
    throw fail('the quorum needs ML-DSA-44 cosignatures, which this gateway cannot verify (docs/decisions/0056)');
  const witnesses = policy.witnesses.filter((w) => w.verifiable);
  const withoutUrl = witnesses.filter((w) => !w.url || !/^https?:\/\/\S+$/.test(w.url));
  if (withoutUrl.length) throw fail(`give each witness its submission URL (http or https): ${withoutUrl.map((w) => w.name).join(', ')}`);
  const published = policy.logs.length > 0 ? text : `log ${signer.verifierKey}\n${text}`;
  return { policy, witnesses: witnesses.map((w) => ({ name: w.name, key: w.key, url: w.url!.replace(/\/+$/, '') })), published };
}

/** Whether the witnesses whose keys are given meet the quorum. */
export function isWitnessed(config: TWitnessing, witnessKeys: Iterable<string>): boolean {
  const keys = new Set(witnessKeys);
  return quorumMet(config.policy, new Set(config.witnesses.filter((w) => keys.has(w.key.text)).map((w) => w.name)));
}
