// npm run log:monitor -- URL|DIR --state FILE --policy FILE [--credential FILE] [--proof FILE]
// npm run log:monitor -- --check-proof FILE --policy FILE
// An outside monitor of the consent log (docs/transparency.md). From the log's tiles only (the gateway's
// /api/log, a mirror on a web server, or a mirror's directory here), each run verifies the checkpoint with
// the policy's log key, counts the witnesses' cosignatures against the policy's quorum, checks the tree is
// consistent with the checkpoint kept from the last run, and, with a credential (or from a mirror's
// directory that holds entry bundles), rebuilds the tree from the entries. Exit 0: consistent; 1: could not
// check; 2: the log signed two histories, and the proof of it is written (portable: anyone with the log's
// key can check it, with --check-proof). The monitor keeps its state in FILE and the tiles it
// authenticated beside it (FILE.tiles/), so a later rewrite of history is caught too.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { UsageError, readCredential, readPolicy, readPrefix } from '@/log-follower/cli-inputs';
import { followLog } from '@/log-follower/follow-log';
import { readKeptState, writeKeptState } from '@/log-follower/kept-state';
import { checkMisbehaviourProof } from '@/log-follower/misbehaviour-proof';
import { remoteLog } from '@/log-follower/remote-log';
import { tilePack } from '@/log-follower/tile-pack';
import { threadedHasher } from '@/log-follower/tile-hasher';
import { quorumOf, witnessTimes } from '@/shared/transparency/witness-times';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';

const when = (seconds: number) => new Date(seconds * 1000).toISOString();

function checkProof(path: string, policyPath: string | undefined): number {
  const { policy, logKeys } = readPolicy(policyPath);
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${path} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const checked = checkMisbehaviourProof(input, logKeys, policy);
  if (!checked.ok) {
    console.log(`log:monitor: NOT a valid proof: ${checked.problem}`);
    return 1;
  }
  const [a, b] = checked.checkpoints;
  console.log(
    checked.kind === 'same-size'
      ? `log:monitor: VALID PROOF: the log "${a.origin}" signed two different trees of ${a.treeSize} entries.`
      : `log:monitor: VALID PROOF: the log "${a.origin}" signed a tree of ${b.treeSize} entries that does not extend the tree of ${a.treeSize} entries it signed.`,
  );
  checked.checkpoints.forEach((checkpoint, i) => {
    const times = Object.entries(checked.cosignatureTimes[i]!).map(([name, t]) => `${name} at ${when(t)}`);
    console.log(
      `  checkpoint ${i + 1} (${checkpoint.treeSize} entries, root ${checkpoint.rootHash.toString('base64')}): ${times.length ? `cosigned by ${times.join(', ')}` : "no cosignature of the policy's witnesses"}`,
    );
  });
  return 0;
}

async function monitor(values: Record<string, string | undefined>, url: string | undefined): Promise<number> {
  const prefix = readPrefix(url);
  if (!values.state) throw new UsageError('set --state FILE: where the monitor keeps what it verified between runs');
  const { policy, logKeys } = readPolicy(values.policy);
  const credential = readCredential(values.credential);
  // A mirror's directory here: whoever reads its files reads its entries, where it holds them.
  const entries = credential !== undefined || (prefix.startsWith('file:') && existsSync(join(fileURLToPath(prefix), 'tile', 'entries')));
  const state = readKeptState(values.state, logKeys);
  const cache = tilePack(`${values.state}.tiles`);
  const hasher = threadedHasher();
  await hasher.ready();
  const started = performance.now();
  const result = await followLog({
    remote: remoteLog(prefix, credential),
    logKeys,
    kept: state?.kept ?? null,
    cache,
    entries,
    entriesDone: state?.entriesDone ?? 0,
    hasher,
  }).finally(() => hasher.close());
  if (result.kind === 'unverifiable') {
    console.error(`log:monitor: could not check the log: ${result.explanation}`);
    return 1;
  }
  if (result.kind === 'older') {
    console.error(`log:monitor: ${result.explanation}. Kept state unchanged.`);
    return 1;
  }
  if (result.kind === 'misbehaviour') {
    const proofPath = values.proof ?? `${values.state}.misbehaviour-${Date.now()}.json`;
    writeFileSync(proofPath, `${JSON.stringify(result.proof, null, 2)}\n`);
    console.error(`log:monitor: THE LOG SIGNED TWO HISTORIES: ${result.explanation}.`);
    console.error(`  proof of misbehaviour: ${proofPath}`);
    console.error(`  anyone can check it: npm run log:monitor -- --check-proof ${proofPath} --policy ${values.policy ?? 'FILE'}`);
    return 2;
  }
  const { checkpoint, note } = result.kept;
  const text = verifyCheckpointNote(note, logKeys);
  const times = text.ok ? witnessTimes(note, text.text, policy) : {};
  const witnessed = quorumOf(policy, times) ? { treeSize: checkpoint.treeSize, note } : (state?.witnessed ?? null);
  if (result.kind === 'followed') await cache.writeAll([...result.tiles.values()].filter((read) => !read.cached));
  writeKeptState(values.state, {
    kept: result.kept,
    entriesDone: entries && result.kind === 'followed' ? checkpoint.treeSize : (state?.entriesDone ?? 0),
    witnessed,
  });
  console.log(
    `log:monitor: ${checkpoint.origin}: ${checkpoint.treeSize} entries, signed by the log, ${state ? `consistent with the ${state.kept.checkpoint.treeSize} entries checked before` : 'first run: kept as the starting point'}`,
  );
  const names = Object.entries(times).map(([name, t]) => `${name} (${when(t)})`);
  console.log(
    `  witnesses: ${names.length ? names.join(', ') : "none of the policy's"}; quorum ${quorumOf(policy, times) ? 'met' : `NOT met (the newest checkpoint the quorum cosigned has ${witnessed?.treeSize ?? 0} entries)`}`,
  );
  if (result.kind === 'followed' && entries) {
    console.log(
      `  entries: ${result.entriesChecked} read and hashed to their leaves${result.entriesWithheld.length ? `; ${result.entriesWithheld.length} entry bundles are outside the credential's range` : ''}`,
    );
  }
  // From the first request to the state kept: what following the log took, without starting this program.
  console.log(`  checked in ${Math.round(performance.now() - started)} ms`);
  return 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      state: { type: 'string' },
      policy: { type: 'string' },
      credential: { type: 'string' },
      proof: { type: 'string' },
      'check-proof': { type: 'string' },
    },
  });
  if (values['check-proof']) return checkProof(values['check-proof'], values.policy);
  return monitor(values, positionals[0]);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`log:monitor: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError)
      console.error(
        'usage: npm run log:monitor -- URL|DIR --state FILE --policy FILE [--credential FILE] [--proof FILE]\n       npm run log:monitor -- --check-proof FILE --policy FILE',
      );
    process.exit(1);
  },
);
