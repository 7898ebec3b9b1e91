import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type TGet, type TKeptCheckpoint, type TWatchResult, checkLog } from '@/components/log-watcher/check-log';
import { checkMisbehaviourProof } from '@/log-follower/misbehaviour-proof';
import { consistencyProof, inclusionProof } from '@/shared/transparency/merkle';
import { type TTiledMemoryLog, tiledMemoryLog } from '@/tests/tiled-memory-log';
import { plainRoot } from '@/tests/merkle-reference';

const leafOf = (entry: Buffer) => createHash('sha256').update(Buffer.of(0)).update(entry).digest();

/** The gateway's public log addresses over a memory log, its newest checkpoint at `size` entries, as the route handlers answer. */
function gateway(log: TTiledMemoryLog, size: number, vkeys = [log.vkey]): TGet & { paths: string[] } {
  const source = { perfect: (start: number, n: number) => Promise.resolve(plainRoot(log.entries.slice(start, start + n).map(leafOf))) };
  const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
  const paths: string[] = [];
  const get = async (path: string): Promise<Response> => {
    paths.push(path);
    const url = new URL(path, 'http://gateway.test');
    const q = (name: string) => Number(url.searchParams.get(name));
    if (url.pathname === '/.well-known/consent-log-keys') return new Response(`${vkeys.join('\n')}\n`);
    if (url.pathname === '/api/log/checkpoint') return new Response(log.checkpoint(size));
    if (url.pathname === '/api/log/proofs/consistency' && q('to') <= log.entries.length) {
      const proof = await consistencyProof(source, q('from'), q('to'));
      return json({ from: q('from'), to: q('to'), proof: proof.map((h) => h.toString('base64')) });
    }
    if (url.pathname === '/api/log/proofs/inclusion' && q('treeSize') <= log.entries.length) {
      const proof = await inclusionProof(source, q('index'), q('treeSize'));
      return json({ leafHash: (await source.perfect(q('index'), 1)).toString('base64'), proof: proof.map((h) => h.toString('base64')) });
    }
    return new Response('{"error":"no-checkpoint-of-that-size"}', { status: 404 });
  };
  return Object.assign(get, { paths });
}

const now = new Date('2026-12-05T08:00:00Z');

async function keptAt(log: TTiledMemoryLog, size: number): Promise<TKeptCheckpoint> {
  const result = await checkLog(gateway(log, size), null, now);
  if (result.kind !== 'consistent') throw new Error(result.kind);
  return result.kept;
}

function expectProof(result: TWatchResult, log: TTiledMemoryLog, kind: 'same-size' | 'inconsistent') {
  if (result.kind !== 'misbehaviour') throw new Error(`expected misbehaviour, got ${JSON.stringify(result)}`);
  expect(result.proof.kind).toBe(kind);
  // The monitor's checker (npm run log:monitor -- --check-proof) accepts what the browser offers.
  expect(checkMisbehaviourProof(JSON.parse(JSON.stringify(result.proof)), [log.vkey])).toMatchObject({ ok: true, kind });
}

describe('the browser as a watcher of the log (docs/decisions/0059)', () => {
  it('keeps the first checkpoint it verifies, then follows the log as it grows, from every kind of size', async () => {
    const log = tiledMemoryLog();
    log.append(70);
    const first = await checkLog(gateway(log, 5), null, now);
    expect(first).toMatchObject({
      kind: 'consistent',
      previous: null,
      kept: { treeSize: 5, origin: log.origin, checkedAt: now.toISOString() },
    });
    for (const [from, to] of [
      [5, 9],
      [1, 2],
      [4, 9],
      [8, 64],
      [63, 70],
    ] as const) {
      const previous = await keptAt(log, from);
      expect(await checkLog(gateway(log, to), previous, now), `${from} → ${to}`).toMatchObject({
        kind: 'consistent',
        previous,
        kept: { treeSize: to },
      });
    }
    const same = await keptAt(log, 9);
    const unchanged = gateway(log, 9);
    expect(await checkLog(unchanged, same, now)).toMatchObject({ kind: 'consistent', kept: { treeSize: 9 } });
    expect(unchanged.paths.some((p) => p.includes('proofs'))).toBe(false);
  });

  it('proves two trees of one size with different roots', async () => {
    const log = tiledMemoryLog();
    log.append(10);
    const kept = await keptAt(log, 10);
    const fork = log.fork(6);
    fork.append(4, 'rewritten');
    expectProof(await checkLog(gateway(fork, 10), kept, now), log, 'same-size');
  });

  it('proves a larger tree that does not extend the one kept, for kept sizes that are and are not powers of two', async () => {
    for (const keptSize of [6, 8, 1, 16]) {
      const log = tiledMemoryLog();
      log.append(20);
      const kept = await keptAt(log, keptSize);
      const fork = log.fork(keptSize - 1);
      fork.append(30, 'rewritten');
      expectProof(await checkLog(gateway(fork, 25), kept, now), log, 'inconsistent');
    }
  });

  it('calls a smaller tree a rewind, and proves it when the log serves the hashes of another history', async () => {
    const log = tiledMemoryLog();
    log.append(20);
    const kept = await keptAt(log, 12);
    // Same history, older head: the log went back; no proof of two histories exists.
    expect(await checkLog(gateway(log, 7), kept, now)).toMatchObject({ kind: 'rewind', servedSize: 7, previous: kept });
    // Another history that the log still serves proofs in: its proof to 12 does not rebuild the kept root.
    const fork = log.fork(3);
    fork.append(20, 'rewritten');
    expect(await checkLog(gateway(fork, 7), kept, now)).toMatchObject({ kind: 'rewind' });
    // A log that rewound and serves its old tree's hashes beside the new history's head: provable.
    const mixed = Object.assign(Object.create(log) as TTiledMemoryLog, { checkpoint: () => fork.checkpoint(7) });
    expectProof(await checkLog(gateway(mixed, 7), kept, now), log, 'inconsistent');
  });

  it('does not take a checkpoint that fails its signature, or a kept one today’s keys do not verify', async () => {
    const log = tiledMemoryLog();
    log.append(10);
    const kept = await keptAt(log, 10);
    const tampered = Object.assign(Object.create(log) as TTiledMemoryLog, {
      checkpoint: () => log.checkpoint(10).replace('\n10\n', '\n11\n'),
    });
    expect(await checkLog(gateway(tampered, 10), kept, now)).toMatchObject({ kind: 'unverifiable' });
    const other = tiledMemoryLog(log.origin, generateKeyPairSync('ed25519').privateKey);
    other.append(10);
    expect(await checkLog(gateway(other, 10), kept, now)).toMatchObject({ kind: 'unverifiable' });
    expect(await checkLog(gateway(other, 10, [other.vkey]), kept, now)).toMatchObject({ kind: 'unverifiable' });
  });

  it('says the check could not run when the log is unreachable, not that anything is wrong', async () => {
    const log = tiledMemoryLog();
    log.append(10);
    const kept = await keptAt(log, 4);
    expect(await checkLog(() => Promise.reject(new TypeError('Failed to fetch')), kept, now)).toEqual({ kind: 'unreachable' });
    expect(await checkLog(() => Promise.resolve(new Response('', { status: 503 })), kept, now)).toEqual({ kind: 'unreachable' });
  });
});
