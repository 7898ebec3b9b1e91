import 'server-only';
import { z } from 'zod';
import type { TDb } from '@/server/db/client';
import { consistencyProof, inclusionProof } from '@/shared/transparency/merkle';
import { storedTree } from '@/server/transparency/merkle-store';

const ZCount = z
  .string()
  .regex(/^\d{1,15}$/, 'a whole number')
  .transform(Number);

export const ZInclusionQuery = z
  .object({ index: ZCount, treeSize: ZCount.refine((n) => n > 0, 'at least 1') })
  .refine((q) => q.index < q.treeSize, {
    message: 'index must be below treeSize',
    path: ['index'],
  });
export const ZConsistencyQuery = z.object({ from: ZCount.refine((n) => n > 0, 'at least 1'), to: ZCount }).refine((q) => q.from <= q.to, {
  message: 'from must not exceed to',
  path: ['from'],
});

/** Proofs are served only against signed tree sizes: a verifier holds the checkpoint they refer to. */
async function isCheckpointed(prisma: TDb, treeSize: number): Promise<boolean> {
  return (await prisma.logCheckpoint.count({ where: { treeSize: BigInt(treeSize) } })) > 0;
}

const b64 = (hashes: Buffer[]) => hashes.map((h) => h.toString('base64'));

/** The inclusion proof of entry `index + 1` in the checkpointed tree of `treeSize` entries, or null. */
export async function inclusionProofFor(prisma: TDb, query: z.infer<typeof ZInclusionQuery>) {
  if (!(await isCheckpointed(prisma, query.treeSize))) return null;
  const leaf = await storedTree(prisma).perfect(query.index, 1);
  return {
    leafIndex: query.index,
    treeSize: query.treeSize,
    leafHash: leaf.toString('base64'),
    proof: b64(await inclusionProof(storedTree(prisma), query.index, query.treeSize)),
  };
}

/** The consistency proof between two checkpointed tree sizes, or null. */
export async function consistencyProofFor(prisma: TDb, query: z.infer<typeof ZConsistencyQuery>) {
  if (!(await isCheckpointed(prisma, query.from)) || !(await isCheckpointed(prisma, query.to))) return null;
  return { from: query.from, to: query.to, proof: b64(await consistencyProof(storedTree(prisma), query.from, query.to)) };
}
