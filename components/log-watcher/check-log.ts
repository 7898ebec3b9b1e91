// What the member's browser does as a watcher of the consent log (docs/decisions/0059): read the newest
// signed checkpoint, verify it with the published log keys, and check that it extends the one this browser
// kept. Only public, hash-only addresses are read. A mismatch is shown with a proof in the monitor's format
// (consent-gateway.log-misbehaviour/v1), which `npm run log:monitor -- --check-proof` accepts.
import { rebuildRootsWith } from '@/shared/transparency/consistency-steps';
import { type TMisbehaviourProof, inconsistencyProof, sameSizeProof } from '@/shared/transparency/misbehaviour-proof-format';
import { base64Bytes, bytesToBase64, sameBytes } from '@/shared/transparency/note-format';
import {
  type TWebLogKey,
  importLogKey,
  leftSubtreeHash,
  nodeHashWeb,
  verifyCheckpointNoteWeb,
} from '@/shared/transparency/webcrypto-checkpoint';

/** What the browser keeps: the last checkpoint it verified (no personal data), and when. */
export type TKeptCheckpoint = { origin: string; treeSize: number; rootHash: string; note: string; checkedAt: string };

export type TWatchResult =
  /** `previous`: what the browser kept before (null on the first check); `kept`: what it keeps now. */
  | { kind: 'consistent'; kept: TKeptCheckpoint; previous: TKeptCheckpoint | null }
  /** The log signed two trees that cannot both be true; the proof shows it to anyone with the log key. */
  | { kind: 'misbehaviour'; proof: TMisbehaviourProof; previous: TKeptCheckpoint; servedSize: number }
  /** The log serves a smaller tree than this browser saw signed, and the hashes to prove more are not served. */
  | { kind: 'rewind'; previous: TKeptCheckpoint; servedSize: number }
  /** The log answered, but its answer does not verify (a signature, a proof, keys that no longer verify what was kept). */
  | { kind: 'unverifiable'; problem: string }
  /** The log could not be reached: not a finding. */
  | { kind: 'unreachable' };

/** GET of a path on the gateway; rejects on a network failure. */
export type TGet = (path: string) => Promise<Response>;

class Unreachable extends Error {}

async function read(get: TGet, path: string, okStatuses = [200]): Promise<Response> {
  const response = await get(path).catch(() => {
    throw new Unreachable(path);
  });
  if (!okStatuses.includes(response.status)) throw new Unreachable(`${path}: ${response.status}`);
  return response;
}

type TSigned = { note: string; treeSize: number; rootHash: Uint8Array };

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/** Hashes of a served proof (base64 strings), or null if any is not 32 bytes. */
function hashesOf(json: unknown): Uint8Array[] | null {
  const proof = (json as { proof?: unknown } | null)?.proof;
  if (!Array.isArray(proof) || proof.length > 128) return null;
  const hashes = proof.map((h) => (typeof h === 'string' ? base64Bytes(h) : null));
  return hashes.every((h) => h?.length === 32) ? (hashes as Uint8Array[]) : null;
}

/**
 * Whether the tree `small` is a prefix of the tree `large` (both signed), by the log's consistency proof.
 * When not: a proof of misbehaviour if the log's hashes rebuild `large`'s signed root (they then give another
 * root for `small`), or 'unprovable' when the log serves no such hashes.
 */
async function compare(get: TGet, small: TSigned, large: TSigned): Promise<'consistent' | 'unprovable' | TMisbehaviourProof> {
  const response = await read(get, `/api/log/proofs/consistency?from=${small.treeSize}&to=${large.treeSize}`, [200, 404]);
  const served = response.status === 200 ? hashesOf(await response.json()) : null;
  if (!served) return 'unprovable';
  const path = isPowerOfTwo(small.treeSize) ? [small.rootHash, ...served] : served;
  const roots = await rebuildRootsWith(small.treeSize, large.treeSize, path, nodeHashWeb);
  if (roots && sameBytes(roots.oldRoot, small.rootHash) && sameBytes(roots.newRoot, large.rootHash)) return 'consistent';
  // In full, the path starts with the larger tree's own subtree over the smaller size when that size is a
  // power of two: the served proof leaves it out, the inclusion proof of leaf 0 gives it, bound to the root.
  let full = served;
  if (isPowerOfTwo(small.treeSize)) {
    const inclusion = await read(get, `/api/log/proofs/inclusion?index=0&treeSize=${large.treeSize}`, [200, 404]);
    const json = inclusion.status === 200 ? ((await inclusion.json()) as { leafHash?: unknown }) : null;
    const leaf = typeof json?.leafHash === 'string' ? base64Bytes(json.leafHash) : null;
    const siblings = hashesOf(json);
    const subtree = leaf && siblings ? await leftSubtreeHash(small.treeSize, large.treeSize, leaf, siblings, large.rootHash) : null;
    if (!subtree) return 'unprovable';
    full = [subtree, ...served];
  }
  const rebuilt = await rebuildRootsWith(small.treeSize, large.treeSize, full, nodeHashWeb);
  if (!rebuilt || !sameBytes(rebuilt.newRoot, large.rootHash) || sameBytes(rebuilt.oldRoot, small.rootHash)) return 'unprovable';
  return inconsistencyProof(small.note, large.note, full.map(bytesToBase64));
}

async function publishedKeys(get: TGet): Promise<TWebLogKey[]> {
  const text = await (await read(get, '/.well-known/consent-log-keys')).text();
  const keys = await Promise.all(
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(importLogKey),
  );
  return keys.filter((k): k is TWebLogKey => k !== null);
}

/** One visit's check. `kept`: what this browser verified before, or null. `now`: the time to record. */
export async function checkLog(get: TGet, kept: TKeptCheckpoint | null, now: Date): Promise<TWatchResult> {
  try {
    const keys = await publishedKeys(get);
    const note = await (await read(get, '/api/log/checkpoint')).text();
    const verified = await verifyCheckpointNoteWeb(note, keys);
    if (!verified.ok) return { kind: 'unverifiable', problem: `the newest checkpoint does not verify (${verified.problem})` };
    const { origin, treeSize, rootHash } = verified.checkpoint;
    const served: TSigned = { note, treeSize, rootHash };
    const keep: TKeptCheckpoint = { origin, treeSize, rootHash: bytesToBase64(rootHash), note, checkedAt: now.toISOString() };
    if (!kept) return { kind: 'consistent', kept: keep, previous: null };

    const before = await verifyCheckpointNoteWeb(kept.note, keys);
    if (!before.ok)
      return { kind: 'unverifiable', problem: `the checkpoint this browser kept does not verify with today's keys (${before.problem})` };
    if (before.checkpoint.origin !== origin)
      return { kind: 'unverifiable', problem: `the log is now "${origin}", not "${before.checkpoint.origin}"` };
    const previous: TSigned = { note: kept.note, treeSize: before.checkpoint.treeSize, rootHash: before.checkpoint.rootHash };
    const found = (proof: TMisbehaviourProof) => ({ kind: 'misbehaviour', proof, previous: kept, servedSize: treeSize }) as const;

    if (treeSize === previous.treeSize) {
      return sameBytes(rootHash, previous.rootHash)
        ? { kind: 'consistent', kept: keep, previous: kept }
        : found(sameSizeProof(kept.note, note));
    }
    if (treeSize > previous.treeSize) {
      const outcome = await compare(get, previous, served);
      if (outcome === 'consistent') return { kind: 'consistent', kept: keep, previous: kept };
      if (outcome === 'unprovable')
        return {
          kind: 'unverifiable',
          problem: `the log's consistency proof from ${previous.treeSize} to ${treeSize} entries does not verify`,
        };
      return found(outcome);
    }
    // A smaller tree than this browser saw signed: the log went back. Provable when its history differs.
    const outcome = await compare(get, served, previous);
    return typeof outcome === 'object' ? found(outcome) : { kind: 'rewind', previous: kept, servedSize: treeSize };
  } catch (error) {
    if (error instanceof Unreachable || error instanceof TypeError || error instanceof SyntaxError) return { kind: 'unreachable' };
    throw error;
  }
}
