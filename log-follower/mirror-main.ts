// npm run log:mirror -- URL DIR --policy FILE [--credential FILE]
// Copies a tiled log (the gateway's /api/log, or another mirror) to static files any web server can serve,
// in the layout of C2SP tlog-mirror: DIR/<SHA-256 of the origin, hex>/checkpoint, …/tile/… Every tile is
// authenticated against the checkpoint and the copy's own checkpoint before anything is written; the
// checkpoint is written last, so the copy never names a tree it does not hold. Entry bundles are copied
// as far as the credential reaches. Exit 0: copied (or already current); 1: could not; 2: the log
// signed two histories (a proof of it is written beside the copy, and the copy is left as it was).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, readCredential, readPolicy, readPrefix } from '@/log-follower/cli-inputs';
import { followLog } from '@/log-follower/follow-log';
import { readKeptState, writeKeptState } from '@/log-follower/kept-state';
import { RemoteLogError, remoteLog } from '@/log-follower/remote-log';
import { tileDirectory } from '@/log-follower/tile-directory';
import { threadedHasher } from '@/log-follower/tile-hasher';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { policy: { type: 'string' }, credential: { type: 'string' }, parallel: { type: 'string' } },
  });
  const [url, dir] = positionals;
  const prefix = readPrefix(url);
  if (!dir) throw new UsageError('give the directory to write the copy to');
  const { logKeys } = readPolicy(values.policy);
  const credential = readCredential(values.credential);
  const remote = remoteLog(prefix, credential);

  // The copy's place is named after the log's origin, which the first verified checkpoint tells.
  const served = verifyCheckpointNote(await remote.checkpoint(), logKeys);
  if (!served.ok) throw new RemoteLogError(`${prefix}/checkpoint does not verify with the policy's log key (${served.problem})`);
  const originHash = createHash('sha256').update(served.checkpoint.origin).digest('hex');
  const copy = tileDirectory(join(dir, originHash));
  const statePath = join(dir, '.mirror', `${originHash}.json`);
  const state = readKeptState(statePath, logKeys);
  const onDisk = copy.readCheckpoint();
  const kept = state && onDisk === state.kept.note ? state.kept : null;

  // Entry bundles and the level-0 tiles they make are staged as read (by the hashing threads) and put in
  // place only once the tree they make is the checkpoint's.
  const hasher = threadedHasher();
  await hasher.ready();
  const started = performance.now();
  const result = await followLog({
    remote,
    logKeys,
    kept,
    cache: copy,
    entries: credential !== undefined,
    entriesDone: kept ? (state?.entriesDone ?? 0) : 0,
    stage: (tile) => copy.stagedPath(tile),
    parallel: Number(values.parallel ?? 16),
    hasher,
  }).finally(() => hasher.close());
  if (result.kind !== 'followed') copy.discardStaged();
  switch (result.kind) {
    case 'unchanged':
      console.log(`log:mirror: ${copy.dir} already holds the newest checkpoint (${result.kept.checkpoint.treeSize} entries)`);
      return 0;
    case 'unverifiable':
      console.error(`log:mirror: nothing copied: ${result.explanation}`);
      return 1;
    case 'older':
      console.error(`log:mirror: nothing copied: ${result.explanation}`);
      return 1;
    case 'misbehaviour': {
      const proofPath = join(dir, '.mirror', `misbehaviour-${Date.now()}.json`);
      writeFileSync(proofPath, `${JSON.stringify(result.proof, null, 2)}\n`);
      console.error(`log:mirror: THE LOG SIGNED TWO HISTORIES: ${result.explanation}. The copy is left as it was; proof: ${proofPath}`);
      console.error(`  check it: npm run log:monitor -- --check-proof ${proofPath} --policy ${values.policy ?? 'FILE'}`);
      return 2;
    }
    case 'followed': {
      copy.commitStaged();
      await copy.writeAll([...result.tiles.values()].filter((read) => !read.cached && !read.staged));
      copy.flushTiles();
      copy.writeCheckpoint(result.kept.note);
      const size = result.kept.checkpoint.treeSize;
      const entriesDone = credential ? size : (state?.entriesDone ?? 0);
      writeKeptState(statePath, { kept: result.kept, entriesDone, witnessed: state?.witnessed ?? null });
      console.log(`log:mirror: ${copy.dir} now holds ${size} entries' tiles (${result.fetched} tiles fetched)`);
      if (credential) {
        console.log(`  entry bundles: ${result.entriesChecked} entries copied and checked against their leaves`);
        if (result.entriesWithheld.length)
          console.log(`  ${result.entriesWithheld.length} entry bundles are outside the credential's range and were not copied`);
      }
      console.log(`  serve ${dir} with any static web server; the log's prefix there is /${originHash}`);
      console.log(`  copied in ${Math.round(performance.now() - started)} ms`);
      return 0;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`log:mirror: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error('usage: npm run log:mirror -- URL DIR --policy FILE [--credential FILE]');
    process.exit(1);
  },
);
