// The Merkle tree of RFC 6962 (as restated in RFC 9162, section 2.1) over the consent log's leaf hashes:
// tree heads, inclusion and consistency proofs, and their verification. In shared/ (docs/architecture.md):
// the verifier a member or an auditor runs outside the gateway uses the same code.
import { createHash, hash } from 'node:crypto';
import { rebuildingRoots } from '@/shared/transparency/consistency-steps';

export type THash = Buffer;

// One buffer for 0x01 ‖ left ‖ right, hashed in one call: a tree of a million leaves takes a million of these.
const nodeInput = Buffer.alloc(65);
nodeInput[0] = 1;

export function nodeHash(left: THash, right: THash): THash {
  left.copy(nodeInput, 1);
  right.copy(nodeInput, 33);
  return hash('sha256', nodeInput, 'buffer');
}

export const EMPTY_TREE_HASH: THash = createHash('sha256').digest();

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Where the hashes come from: `perfect(start, size)` is the hash of the complete subtree of `size` leaves
 * (a power of two) beginning at `start` (a multiple of `size`); size 1 is the leaf hash itself. Every
 * hash the algorithms below need is built from these, so a store can keep just those nodes.
 */
export type TTreeSource = { perfect(start: number, size: number): Promise<THash> };

/** MTH(D[start : start + size]) for any range the RFC's recursion produces. */
export async function rangeHash(source: TTreeSource, start: number, size: number): Promise<THash> {
  if (size === 0) return EMPTY_TREE_HASH;
  if ((size & (size - 1)) === 0 && start % size === 0) return source.perfect(start, size);
  const k = split(size);
  return nodeHash(await rangeHash(source, start, k), await rangeHash(source, start + k, size - k));
}

/** The tree head: MTH over the first `treeSize` leaves. */
export function treeHead(source: TTreeSource, treeSize: number): Promise<THash> {
  return rangeHash(source, 0, treeSize);
}

/** PATH(m, D[n]) of RFC 6962 2.1.1: the hashes proving leaf `index` is in the tree of `treeSize` leaves. */
export async function inclusionProof(source: TTreeSource, index: number, treeSize: number): Promise<THash[]> {
  if (!(index >= 0 && index < treeSize)) throw new RangeError(`leaf ${index} is not in a tree of ${treeSize}`);
  const path = async (m: number, start: number, n: number): Promise<THash[]> => {
    if (n === 1) return [];
    const k = split(n);
    return m < k
      ? [...(await path(m, start, k)), await rangeHash(source, start + k, n - k)]
      : [...(await path(m - k, start + k, n - k)), await rangeHash(source, start, k)];
  };
  return path(index, 0, treeSize);
}

/** PROOF(m, D[n]) of RFC 6962 2.1.2: the hashes proving the tree of `oldSize` is a prefix of the tree of `newSize`. */
export async function consistencyProof(source: TTreeSource, oldSize: number, newSize: number): Promise<THash[]> {
  if (!(oldSize >= 0 && oldSize <= newSize)) throw new RangeError(`no consistency from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const subproof = async (m: number, start: number, n: number, complete: boolean): Promise<THash[]> => {
    if (m === n) return complete ? [] : [await rangeHash(source, start, n)];
    const k = split(n);
    return m <= k
      ? [...(await subproof(m, start, k, complete)), await rangeHash(source, start + k, n - k)]
      : [...(await subproof(m - k, start + k, n - k, false)), await rangeHash(source, start, k)];
  };
  return subproof(oldSize, 0, newSize, true);
}

const lsb = (n: bigint) => (n & 1n) === 1n;

/** RFC 9162 2.1.3.2: does `proof` show that `leaf` is leaf `index` of the tree of `treeSize` with head `root`? */
export function verifyInclusion(leaf: THash, index: number, treeSize: number, proof: THash[], root: THash): boolean {
  if (!(index >= 0 && index < treeSize)) return false;
  let fn = BigInt(index);
  let sn = BigInt(treeSize - 1);
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n) return false;
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!lsb(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

/**
 * The two roots a consistency path rebuilds (RFC 9162 2.1.4.2, steps 3–8): the old tree's and the new
 * tree's. `path` is in full: when `oldSize` is a power of two it starts with that subtree's hash, which
 * a served proof leaves out. Null when the path has the wrong length for the two sizes.
 */
export function rebuildRoots(oldSize: number, newSize: number, path: THash[]): { oldRoot: THash; newRoot: THash } | null {
  const run = rebuildingRoots(oldSize, newSize, path);
  let next = run.next();
  while (!next.done) next = run.next(nodeHash(...next.value));
  return next.value;
}

/** A served consistency proof in full (see rebuildRoots): the old tree's root first when its size is a power of two. */
export function fullConsistencyPath(oldSize: number, oldRoot: THash, proof: THash[]): THash[] {
  return (oldSize & (oldSize - 1)) === 0 ? [oldRoot, ...proof] : proof;
}

/** RFC 9162 2.1.4.2: does `proof` show that the tree (`oldSize`, `oldRoot`) is a prefix of (`newSize`, `newRoot`)? */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: THash, newRoot: THash, proof: THash[]): boolean {
  if (!(oldSize >= 0 && oldSize <= newSize)) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const roots = rebuildRoots(oldSize, newSize, fullConsistencyPath(oldSize, oldRoot, proof));
  return roots !== null && roots.oldRoot.equals(oldRoot) && roots.newRoot.equals(newRoot);
}
