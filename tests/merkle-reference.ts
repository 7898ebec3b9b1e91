import { createHash } from 'node:crypto';

/** MTH written out plainly from RFC 6962 2.1 over a list of leaf hashes, to check the store-based tree against. */
export function plainRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return createHash('sha256')
    .update(Buffer.of(1))
    .update(plainRoot(leaves.slice(0, k)))
    .update(plainRoot(leaves.slice(k)))
    .digest();
}
