import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { db, openProcessDatabase } from '@/server/db/client';
import { publishedVerifierKeys } from '@/server/transparency/checkpoints';
import type { TAnchorKind } from '@/server/witnessing/full-verification';
import { type TVerifyRun, verifyChain } from '@/server/transparency/verify-chain';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { type TTreeFrontier, frontierRoot } from '@/shared/transparency/checkpoint-verifier';
import { z } from 'zod';

export type TNewEntriesCheck =
  /** No full recomputation has succeeded yet: nothing to go on from. */
  | { kind: 'no-anchor' }
  /**
   * The stored starting point no longer matches its signed checkpoint: someone changed it (or the
   * checkpoint) in the database. Only a new full recomputation says what the log holds.
   */
  | { kind: 'anchor-mismatch'; anchor: { kind: TAnchorKind; seq: bigint } }
  | { kind: 'checked'; anchor: { kind: TAnchorKind; seq: bigint; runId: string; finishedAt: Date }; run: TVerifyRun };

const ZFrontierNodes = z.array(z.object({ level: z.number().int().min(0).max(64), hash: z.string().regex(/^[0-9a-f]{64}$/) }));

/** A tree of `size` leaves has one perfect subtree per set bit of `size`, largest first: anything else is no frontier of it. */
function isFrontierOf(size: bigint, levels: number[]): boolean {
  const expected = [...size.toString(2)].flatMap((bit, i, bits) => (bit === '1' ? [bits.length - 1 - i] : []));
  return expected.length === levels.length && expected.every((level, i) => level === levels[i]);
}

// Officers opening or reloading the page while a check runs in this process share its result.
let running: Promise<TNewEntriesCheck> | null = null;

async function check(): Promise<TNewEntriesCheck> {
  const prisma = await db();
  const last = await prisma.logVerificationRun.findFirst({
    where: { outcome: 'OK', anchorSeq: { not: null } },
    orderBy: { finishedAt: 'desc' },
    select: { id: true, finishedAt: true, anchorKind: true, anchorSeq: true, anchorChainHash: true, anchorFrontier: true },
  });
  if (!last?.anchorSeq || !last.anchorChainHash || !last.finishedAt) return { kind: 'no-anchor' };
  const anchor = { kind: (last.anchorKind ?? 'head') as TAnchorKind, seq: last.anchorSeq };
  const nodes = ZFrontierNodes.safeParse(last.anchorFrontier);
  if (
    !nodes.success ||
    !isFrontierOf(
      last.anchorSeq,
      nodes.data.map((n) => n.level),
    )
  )
    return { kind: 'anchor-mismatch', anchor };
  const tree: TTreeFrontier = { size: last.anchorSeq, nodes: nodes.data };
  // A signed (and perhaps witnessed) checkpoint of that size must have the root the stored frontier makes:
  // the starting point is then as good as the checkpoint, whoever can write to this table. Asked whatever
  // the row's label says: relabelling a checkpoint's anchor as "head" must not skip the comparison.
  const checkpoint = await prisma.logCheckpoint.findUnique({ where: { treeSize: anchor.seq }, select: { note: true } });
  if (checkpoint || anchor.kind !== 'head') {
    const verified = checkpoint ? verifyCheckpointNote(checkpoint.note, publishedVerifierKeys()) : null;
    const root = frontierRoot(tree);
    if (!verified?.ok || !root?.equals(verified.checkpoint.rootHash)) return { kind: 'anchor-mismatch', anchor };
  }
  const run = await verifyChain(await openProcessDatabase(), {
    from: { chain: { seq: anchor.seq, chainHash: last.anchorChainHash }, tree },
  });
  return { kind: 'checked', anchor: { ...anchor, runId: last.id, finishedAt: last.finishedAt }, run };
}

/**
 * The entries added since the last successful full recomputation, checked from its anchor to the head
 * (leaf, chain and personal commitments; every newer signed checkpoint): compliance officers only.
 */
export async function verifyNewEntriesForOfficer(actor: TActor): Promise<TNewEntriesCheck | null> {
  if (actor.kind !== 'COMPLIANCE') return null;
  running ??= check().finally(() => {
    running = null;
  });
  return running;
}
