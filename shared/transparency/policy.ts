// Trust policies in the C2SP tlog-policy format: the logs, the witnesses and the quorum that decides
// when a checkpoint counts as witnessed. In shared/: the gateway, the standalone verifiers and (issue 19)
// monitors read the same file.
import { SIGNATURE_TYPE, type TVkey, parseVkey } from '@/shared/transparency/signed-note';

export type TPolicyWitness = { name: string; key: TVkey; url: string | null; verifiable: boolean };
export type TQuorumRule =
  { kind: 'none' } | { kind: 'witness'; name: string } | { kind: 'group'; name: string; threshold: number; members: TQuorumRule[] };
export type TPolicy = { logs: { key: TVkey; url: string | null }[]; witnesses: TPolicyWitness[]; quorum: TQuorumRule };
export type TPolicyResult = { ok: true; policy: TPolicy } | { ok: false; line: number; problem: string };

/** More than the specification's recommended minimum (32 of each); a bound so a policy stays a policy. */
const LIMIT = 256;

/**
 * Parses a policy file. Whitespace is spaces and tabs only; "#" starts a comment line; names are opaque;
 * a group or the quorum may name only what earlier lines defined; a public key may appear once.
 */
export function parsePolicy(text: string): TPolicyResult {
  const logs: TPolicy['logs'] = [];
  const witnesses: TPolicyWitness[] = [];
  const rules = new Map<string, TQuorumRule>();
  const keys = new Set<string>();
  let quorum: TQuorumRule | null = null;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [index, raw] of lines.entries()) {
    const fail = (problem: string): TPolicyResult => ({ ok: false, line: index + 1, problem });
    // eslint-disable-next-line no-control-regex -- the only control characters allowed are tab and newline
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(raw)) return fail('a control character other than tab');
    const words = raw.split(/[ \t]+/).filter(Boolean);
    const [keyword, ...args] = words;
    if (!keyword || keyword.startsWith('#')) continue;
    if (logs.length + witnesses.length + rules.size > 3 * LIMIT) return fail('too many lines');
    if (keyword === 'log' || keyword === 'witness') {
      const name = keyword === 'witness' ? (args.shift() ?? '') : null;
      const [vkey, url, extra] = args;
      const key = parseVkey(vkey ?? '');
      if (!key || name === '' || extra !== undefined)
        return fail(`"${keyword}" needs ${name === null ? '' : 'a name, '}a valid vkey and at most a URL`);
      if (keys.has(key.publicKey.toString('hex'))) return fail('this public key is listed already');
      keys.add(key.publicKey.toString('hex'));
      if (name === null) {
        if (key.type !== SIGNATURE_TYPE.ed25519) return fail('a log key must be an Ed25519 note key (type 0x01)');
        logs.push({ key, url: url ?? null });
        continue;
      }
      if (name === 'none' || rules.has(name)) return fail(`the name "${name}" is taken`);
      if (key.type === SIGNATURE_TYPE.ed25519) return fail('a witness key must be a cosignature key (type 0x04 or 0x06)');
      witnesses.push({ name, key, url: url ?? null, verifiable: key.type === SIGNATURE_TYPE.cosignatureV1 });
      rules.set(name, { kind: 'witness', name });
    } else if (keyword === 'group') {
      const [name, k, ...memberNames] = args;
      if (!name || !k || memberNames.length === 0) return fail('a group needs a name, a threshold and at least one member');
      if (name === 'none' || rules.has(name)) return fail(`the name "${name}" is taken`);
      if (new Set(memberNames).size !== memberNames.length) return fail('a group lists a member twice');
      const members = memberNames.map((m) => rules.get(m));
      if (members.some((m) => !m)) return fail('a group member must be defined on an earlier line');
      const threshold = k === 'all' ? members.length : k === 'any' ? 1 : /^[1-9]\d{0,3}$/.test(k) ? Number(k) : 0;
      if (threshold < 1 || threshold > members.length)
        return fail('the threshold must be "all", "any" or a number from 1 to the number of members');
      rules.set(name, { kind: 'group', name, threshold, members: members as TQuorumRule[] });
    } else if (keyword === 'quorum') {
      if (quorum) return fail('a second quorum line');
      const [name, extra] = args;
      const rule = name === 'none' ? ({ kind: 'none' } as const) : rules.get(name ?? '');
      if (!rule || extra !== undefined) return fail('the quorum must name "none" or a witness or group defined earlier');
      quorum = rule;
    } else return fail(`unknown keyword "${keyword}"`);
    if (witnesses.length > LIMIT || logs.length > LIMIT) return fail('too many logs or witnesses');
  }
  if (!quorum) return { ok: false, line: lines.length, problem: 'no quorum line' };
  return { ok: true, policy: { logs, witnesses, quorum } };
}

/** Whether the witnesses named (those whose cosignature verified) satisfy the policy's quorum. */
export function quorumMet(policy: TPolicy, cosignedBy: ReadonlySet<string>): boolean {
  const met = (rule: TQuorumRule): boolean => {
    if (rule.kind === 'none') return true;
    if (rule.kind === 'witness') return cosignedBy.has(rule.name);
    return rule.members.filter(met).length >= rule.threshold;
  };
  return met(policy.quorum);
}

/** Whether the quorum can be met at all with the witnesses this project can verify (not ML-DSA-only). */
export function quorumReachable(policy: TPolicy): boolean {
  return quorumMet(policy, new Set(policy.witnesses.filter((w) => w.verifiable).map((w) => w.name)));
}

/** A policy for one log: its key, the witnesses with their submission URLs (named w1, w2, …), and a quorum of `quorum` of them. */
export function policyText(logVkey: string, witnesses: { vkey: string; url: string }[], quorum = witnesses.length): string {
  const lines = [`log ${logVkey}`, ...witnesses.map((w, i) => `witness w${i + 1} ${w.vkey} ${w.url}`)];
  lines.push(`group witnesses ${quorum} ${witnesses.map((_, i) => `w${i + 1}`).join(' ')}`, 'quorum witnesses');
  return `${lines.join('\n')}\n`;
}
