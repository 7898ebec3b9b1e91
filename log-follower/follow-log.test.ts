import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type TFollowOptions, type TFollowResult, type TKeptCheckpoint, followLog } from '@/log-follower/follow-log';
import { checkMisbehaviourProof } from '@/log-follower/misbehaviour-proof';
import type { TMisbehaviourProof } from '@/shared/transparency/misbehaviour-proof-format';
import { type TTilePack, tilePack } from '@/log-follower/tile-pack';
import { type TTiledMemoryLog, tiledMemoryLog } from '@/tests/tiled-memory-log';
import { tilePath, tileSpan } from '@/shared/transparency/tiles';

const directories: string[] = [];
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cache() {
  const dir = mkdtempSync(join(tmpdir(), 'follow-'));
  directories.push(dir);
  return tilePack(dir);
}

/** One step, its authenticated tiles stored in `store` as the monitor keeps them. */
async function step(
  log: TTiledMemoryLog,
  options: Partial<Omit<TFollowOptions, 'cache'>> & { size?: number; cache?: TTilePack },
): Promise<TFollowResult> {
  const result = await followLog({
    remote: log.remote(options.size),
    logKeys: [log.vkey],
    kept: null,
    cache: null,
    entries: false,
    ...options,
  });
  if (result.kind === 'followed' && options.cache) await options.cache.writeAll([...result.tiles.values()].filter((read) => !read.cached));
  return result;
}

function keptOf(result: TFollowResult): TKeptCheckpoint {
  if (result.kind !== 'followed' && result.kind !== 'unchanged') throw new Error(`not followed: ${JSON.stringify(result)}`);
  return result.kept;
}

describe('following a tiled log', () => {
  it('authenticates every tile and entry, then follows the log as it grows, reading only new tiles', async () => {
    const log = tiledMemoryLog();
    log.append(70_000);
    const store = cache();
    const first = await step(log, { cache: store, entries: true, size: 600 });
    expect(first).toMatchObject({ kind: 'followed', entriesChecked: 600, entriesWithheld: [] });
    log.append(10);
    const remote = log.remote(70_000);
    const second = await followLog({ remote, logKeys: [log.vkey], kept: keptOf(first), cache: store, entries: true, entriesDone: 600 });
    expect(second).toMatchObject({ kind: 'followed', entriesChecked: 70_000 - 512 });
    // The two full level-0 tiles of the first step came from the cache.
    expect(remote.requests).not.toContain('0/0/256');
    expect(remote.requests).not.toContain('entries/1/256');
    expect(await followLog({ remote, logKeys: [log.vkey], kept: keptOf(second), cache: store, entries: false })).toMatchObject({
      kind: 'unchanged',
    });
  });

  it('skips the entry bundles the credential may not read, and says which', async () => {
    const log = tiledMemoryLog();
    log.append(700);
    const remote = log.remote(undefined, (tile) => tileSpan(tile).start >= 256);
    const result = await followLog({ remote, logKeys: [log.vkey], kept: null, cache: null, entries: true });
    expect(result).toMatchObject({ kind: 'followed', entriesChecked: 700 - 256, entriesWithheld: ['tile/entries/000'] });
    // The tree is rebuilt from the entries read: only the level-0 tile of the withheld bundle is fetched.
    expect(remote.requests.filter((r) => r.startsWith('0/'))).toEqual(['0/0/256']);
  });

  it('trusts nothing the log key did not sign, and no tile that does not make the signed tree', async () => {
    const log = tiledMemoryLog();
    log.append(600);
    const stranger = tiledMemoryLog(log.origin);
    expect(await step(log, { logKeys: [stranger.vkey] })).toMatchObject({
      kind: 'unverifiable',
      explanation: expect.stringMatching(/does not verify/) as string,
    });
    const remote = log.remote();
    const tampered = {
      ...remote,
      tile: async (tile: Parameters<typeof remote.tile>[0]) => {
        const answer = await remote.tile(tile);
        if (answer.kind === 'ok' && tilePath(tile) === 'tile/0/001') answer.bytes[5]! ^= 1;
        return answer;
      },
    };
    expect(await followLog({ remote: tampered, logKeys: [log.vkey], kept: null, cache: null, entries: false })).toMatchObject({
      kind: 'unverifiable',
    });
    const badEntry = {
      ...remote,
      tile: async (tile: Parameters<typeof remote.tile>[0]) => {
        const answer = await remote.tile(tile);
        if (answer.kind === 'ok' && tile.level === 'entries' && tile.index === 1) answer.bytes[3]! ^= 1;
        return answer;
      },
    };
    expect(await followLog({ remote: badEntry, logKeys: [log.vkey], kept: null, cache: null, entries: true })).toMatchObject({
      kind: 'unverifiable',
      explanation: 'entry 256 does not hash to its leaf',
    });
  });

  describe('catches a log that signs two histories, with a proof anyone can check with the log key', () => {
    function caught(result: TFollowResult, log: TTiledMemoryLog): TMisbehaviourProof {
      if (result.kind !== 'misbehaviour') throw new Error(`not caught: ${JSON.stringify(result)}`);
      // Through JSON, as the proof travels.
      const proof = JSON.parse(JSON.stringify(result.proof)) as TMisbehaviourProof;
      expect(checkMisbehaviourProof(proof, [log.vkey])).toMatchObject({ ok: true, kind: proof.kind });
      return proof;
    }

    it.each([
      [300, 500, 200],
      [256, 1000, 100],
      [1024, 1030, 1023],
      [70_000, 70_100, 65_536],
    ])('grown from %i to %i entries, rewritten after entry %i', async (keptSize, newSize, keep) => {
      const log = tiledMemoryLog();
      log.append(keptSize);
      const kept = keptOf(await step(log, {}));
      const forked = log.fork(keep);
      forked.append(newSize - keep, 'rewritten');
      const proof = caught(await step(forked, { kept }), log);
      expect(proof.kind).toBe('inconsistent');
      // Changed in transit, it proves nothing.
      const hashes = [...proof.hashes!];
      hashes[0] = Buffer.alloc(32, 1).toString('base64');
      expect(checkMisbehaviourProof({ ...proof, hashes }, [log.vkey])).toMatchObject({ ok: false });
      expect(checkMisbehaviourProof(proof, [tiledMemoryLog().vkey])).toMatchObject({ ok: false });
      expect(
        checkMisbehaviourProof({ ...proof, checkpoints: [log.checkpoint(keep), forked.checkpoint()] }, [log.vkey]),
        'consistent checkpoints',
      ).toMatchObject({ ok: false });
    });

    it('at the same size', async () => {
      const log = tiledMemoryLog();
      log.append(300);
      const kept = keptOf(await step(log, {}));
      const forked = log.fork(299);
      forked.append(1, 'rewritten');
      const proof = caught(await step(forked, { kept }), log);
      expect(proof.kind).toBe('same-size');
      expect(checkMisbehaviourProof({ ...proof, checkpoints: [proof.checkpoints[0], proof.checkpoints[0]] }, [log.vkey])).toMatchObject({
        ok: false,
      });
    });

    it('going back to a smaller tree of another history; a smaller tree of the same history is only stale', async () => {
      const log = tiledMemoryLog();
      log.append(1000);
      const store = cache();
      const kept = keptOf(await step(log, { cache: store }));
      const forked = log.fork(400);
      forked.append(200, 'rewritten');
      const proof = caught(await step(forked, { kept, cache: store }), log);
      expect(proof.kind).toBe('inconsistent');
      expect(await step(log, { kept, cache: store, size: 700 })).toMatchObject({ kind: 'older' });
    });
  });
});
