// The order of hashing in RFC 9162 2.1.4.2 (steps 3–8), which depends on the two tree sizes only: the server
// runs it with node:crypto (merkle.ts), the browser's log watcher with WebCrypto, whose SHA-256 is
// asynchronous (docs/decisions/0059). One plan, so both rebuild the same roots the same way.

/** 'both': fr = H(c ‖ fr) and sr = H(c ‖ sr); 'new': sr = H(sr ‖ c). One step per path hash after the first. */
export type TConsistencyStep = 'both' | 'new';

const lsb = (n: bigint) => (n & 1n) === 1n;

/** The steps for a full consistency path (see rebuildRoots in merkle.ts) of `pathLength` hashes, or null when that length does not fit the sizes. */
function consistencySteps(oldSize: number, newSize: number, pathLength: number): TConsistencyStep[] | null {
  if (!(oldSize > 0 && oldSize < newSize) || pathLength === 0) return null;
  let fn = BigInt(oldSize - 1);
  let sn = BigInt(newSize - 1);
  while (lsb(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  const steps: TConsistencyStep[] = [];
  for (let i = 1; i < pathLength; i += 1) {
    if (sn === 0n) return null;
    if (lsb(fn) || fn === sn) {
      steps.push('both');
      while (!lsb(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else steps.push('new');
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? steps : null;
}

export type TRebuiltRoots<H> = { oldRoot: H; newRoot: H };

/**
 * RFC 9162 2.1.4.2 steps 3–8 over a full path (see rebuildRoots in merkle.ts) as a generator: it yields each
 * (left, right) pair to hash and is sent the node hash back, so one algorithm runs with a synchronous hash
 * (node:crypto) and an asynchronous one (WebCrypto). Returns null when the path does not fit the sizes.
 */
export function* rebuildingRoots<H extends Uint8Array>(
  oldSize: number,
  newSize: number,
  path: readonly H[],
): Generator<[H, H], TRebuiltRoots<H> | null, H> {
  const steps = consistencySteps(oldSize, newSize, path.length);
  if (!steps) return null;
  let fr = path[0]!;
  let sr = path[0]!;
  for (const [i, step] of steps.entries()) {
    const c = path[i + 1]!;
    if (step === 'both') fr = yield [c, fr];
    sr = step === 'both' ? yield [c, sr] : yield [sr, c];
  }
  return { oldRoot: fr, newRoot: sr };
}

/** rebuildRoots of merkle.ts with an asynchronous node hash (WebCrypto's). */
export async function rebuildRootsWith(
  oldSize: number,
  newSize: number,
  path: readonly Uint8Array[],
  nodeHash: (left: Uint8Array, right: Uint8Array) => Promise<Uint8Array>,
): Promise<TRebuiltRoots<Uint8Array> | null> {
  const run = rebuildingRoots(oldSize, newSize, path);
  let next = run.next();
  while (!next.done) next = run.next(await nodeHash(...next.value));
  return next.value;
}
