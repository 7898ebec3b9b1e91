import 'server-only';
import type { TDb } from '@/server/db/client';
import { type TWitnessing, isWitnessed } from '@/server/witnessing/witness-policy';

/** How many of the newest cosigned checkpoints are looked at for one the quorum cosigned: first a few (the
 * submitter offers every witness the same newest checkpoint, so they meet on recent ones), then more. */
const LOOK_BACK = [10, 200];

export type TWitnessedCheckpoint = {
  treeSize: bigint;
  note: string;
  cosignatures: { witnessKey: string; line: string; cosignedAt: Date }[];
};

/** The newest checkpoint whose cosignatures meet the policy's quorum, with them; null if none does. */
export async function newestWitnessedCheckpoint(prisma: TDb, config: TWitnessing): Promise<TWitnessedCheckpoint | null> {
  for (const take of LOOK_BACK) {
    const rows = await prisma.logCheckpoint.findMany({
      where: { cosignatures: { some: {} } },
      orderBy: { treeSize: 'desc' },
      take,
      select: {
        treeSize: true,
        note: true,
        cosignatures: { select: { witnessKey: true, line: true, cosignedAt: true }, orderBy: { witnessKey: 'asc' } },
      },
    });
    const witnessed = rows.find((row) =>
      isWitnessed(
        config,
        row.cosignatures.map((c) => c.witnessKey),
      ),
    );
    if (witnessed || rows.length < take) return witnessed ?? null;
  }
  return null;
}

/**
 * The smallest checkpoint of at least `size` entries whose cosignatures meet the quorum (with them): what
 * a receipt of entry `size` is proven against once witnessed, the same on every download. Null while
 * none is (yet).
 */
export async function firstWitnessedCheckpointCovering(
  prisma: TDb,
  config: TWitnessing,
  size: bigint,
): Promise<TWitnessedCheckpoint | null> {
  const rows = await prisma.logCheckpoint.findMany({
    where: { treeSize: { gte: size }, cosignatures: { some: {} } },
    orderBy: { treeSize: 'asc' },
    take: 50,
    select: {
      treeSize: true,
      note: true,
      cosignatures: { select: { witnessKey: true, line: true, cosignedAt: true }, orderBy: { witnessKey: 'asc' } },
    },
  });
  return (
    rows.find((row) =>
      isWitnessed(
        config,
        row.cosignatures.map((c) => c.witnessKey),
      ),
    ) ?? null
  );
}

/** A checkpoint's note with the cosignatures stored for it: still a valid note (signed-note ignores unknown keys). */
export function cosignedNote(checkpoint: { note: string; cosignatures: { line: string }[] }): string {
  return checkpoint.note + checkpoint.cosignatures.map((c) => c.line).join('');
}

export type TWitnessLag = {
  logSize: number;
  witnessedSize: number;
  /** Seconds since the oldest entry no witnessed checkpoint covers was recorded; 0 when none waits. */
  lagSeconds: number;
};

/** How far the newest witnessed checkpoint is behind the log, counting entries still queued for integration. */
export async function witnessLag(prisma: TDb, config: TWitnessing, now = new Date()): Promise<TWitnessLag> {
  const witnessed = await newestWitnessedCheckpoint(prisma, config);
  const witnessedSize = witnessed?.treeSize ?? 0n;
  const [row] = await prisma.$queryRaw<{ log_size: bigint; oldest: Date | null }[]>`
    SELECT (SELECT seq FROM consent_log_head WHERE id = 1) + (SELECT count(*) FROM consent_log_queue) AS log_size,
           COALESCE((SELECT recorded_at FROM consent_log WHERE seq = ${witnessedSize + 1n}),
                    (SELECT min(recorded_at) FROM consent_log_queue)) AS oldest`;
  const oldest = row?.oldest ?? null;
  return {
    logSize: Number(row?.log_size ?? 0n),
    witnessedSize: Number(witnessedSize),
    lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - new Date(oldest).getTime()) / 1000)) : 0,
  };
}

/** The newest signed checkpoint with whatever cosignatures it has gathered so far, as one note; null before the first. */
export async function newestCheckpointNote(prisma: TDb): Promise<string | null> {
  const newest = await prisma.logCheckpoint.findFirst({
    orderBy: { treeSize: 'desc' },
    select: { note: true, cosignatures: { select: { line: true }, orderBy: { witnessKey: 'asc' } } },
  });
  return newest ? cosignedNote(newest) : null;
}
