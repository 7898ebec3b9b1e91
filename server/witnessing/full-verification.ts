import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { type TDb, db, openProcessDatabase } from '@/server/db/client';
import { logger } from '@/server/logging/logger';
import { type TVerifyRun, verifyChain } from '@/server/transparency/verify-chain';
import { newestWitnessedCheckpoint } from '@/server/witnessing/witnessed-checkpoint';
import { witnessing } from '@/server/witnessing/witness-policy';

/** A run whose instance has not written progress for this long stopped (its process died or was stopped). */
export const STALE_AFTER_MS = 120_000;
const PROGRESS_EVERY_MS = 1_000;

export type TAnchorKind = 'witnessed' | 'signed' | 'head';

/** What a finished run found, as stored (bigints as decimal strings: JSON has none). */
export type TStoredRunResult = {
  entriesChecked: number;
  lastVerifiedSeq: string;
  firstBroken: { seq: string; problem: string } | null;
  checkpoints: { checked: number; firstBad: { treeSize: string; problem: string } | null; notCheckedAfterBreak: number };
};

export type TFullRun = {
  id: string;
  startedBy: string;
  startedAt: Date;
  headSeq: bigint;
  checkedSeq: bigint;
  finishedAt: Date | null;
  outcome: 'OK' | 'BROKEN' | 'FAILED' | 'ABANDONED' | null;
  /** Running, but its instance stopped writing progress: it will not finish. */
  stalled: boolean;
  result: TStoredRunResult | null;
  anchor: { kind: TAnchorKind; seq: bigint } | null;
};

const RUN_SELECT = {
  id: true,
  officerId: true,
  startedAt: true,
  heartbeatAt: true,
  headSeq: true,
  checkedSeq: true,
  finishedAt: true,
  outcome: true,
  result: true,
  anchorKind: true,
  anchorSeq: true,
} as const;

type TRunRow = {
  id: string;
  officerId: string;
  startedAt: Date;
  heartbeatAt: Date;
  headSeq: bigint;
  checkedSeq: bigint;
  finishedAt: Date | null;
  outcome: TFullRun['outcome'];
  result: unknown;
  anchorKind: string | null;
  anchorSeq: bigint | null;
};

function toRun(row: TRunRow, officerNames: Map<string, string>, now: Date): TFullRun {
  return {
    id: row.id,
    startedBy: officerNames.get(row.officerId) ?? '?',
    startedAt: row.startedAt,
    headSeq: row.headSeq,
    checkedSeq: row.checkedSeq,
    finishedAt: row.finishedAt,
    outcome: row.outcome,
    stalled: !row.finishedAt && now.getTime() - row.heartbeatAt.getTime() > STALE_AFTER_MS,
    result: (row.result as TStoredRunResult | null) ?? null,
    anchor: row.anchorKind && row.anchorSeq !== null ? { kind: row.anchorKind as TAnchorKind, seq: row.anchorSeq } : null,
  };
}

function storedResult(run: TVerifyRun): TStoredRunResult {
  return {
    entriesChecked: run.entriesChecked,
    lastVerifiedSeq: String(run.lastVerifiedSeq),
    firstBroken: run.firstBroken ? { seq: String(run.firstBroken.seq), problem: run.firstBroken.problem } : null,
    checkpoints: {
      checked: run.checkpoints.checked,
      firstBad: run.checkpoints.firstBad
        ? { treeSize: String(run.checkpoints.firstBad.treeSize), problem: run.checkpoints.firstBad.problem }
        : null,
      notCheckedAfterBreak: run.checkpoints.notCheckedAfterBreak,
    },
  };
}

/**
 * Where later checks of the newer entries may start: the newest checkpoint the witnesses' quorum cosigned,
 * else the newest signed one, else the head, each only if this run reached it (it verified everything before).
 */
async function anchorCandidates(prisma: TDb, headSeq: bigint): Promise<{ kind: TAnchorKind; seq: bigint }[]> {
  const config = witnessing();
  const witnessed = config ? await newestWitnessedCheckpoint(prisma, config) : null;
  const signed = await prisma.logCheckpoint.findFirst({
    where: { treeSize: { lte: headSeq } },
    orderBy: { treeSize: 'desc' },
    select: { treeSize: true },
  });
  return [
    ...(witnessed && witnessed.treeSize <= headSeq ? [{ kind: 'witnessed' as const, seq: witnessed.treeSize }] : []),
    ...(signed ? [{ kind: 'signed' as const, seq: signed.treeSize }] : []),
    ...(headSeq > 0n ? [{ kind: 'head' as const, seq: headSeq }] : []),
  ];
}

/** Runs one started run to its end in this process, writing progress as it goes. */
async function carryOut(runId: string, headSeq: bigint): Promise<void> {
  const prisma = await db();
  try {
    const candidates = await anchorCandidates(prisma, headSeq);
    let lastWrite = 0;
    const run = await verifyChain(await openProcessDatabase(), {
      keepAt: new Set(candidates.map((c) => c.seq)),
      onProgress: async (checkedSeq) => {
        if (Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = Date.now();
        await prisma.logVerificationRun.update({ where: { id: runId }, data: { checkedSeq, heartbeatAt: new Date() } });
      },
    });
    const anchor = run.ok
      ? candidates.flatMap((c) => {
          const kept = run.kept.find((k) => k.chain.seq === c.seq);
          return kept ? [{ kind: c.kind, kept }] : [];
        })[0]
      : undefined;
    await prisma.logVerificationRun.update({
      where: { id: runId },
      data: {
        finishedAt: new Date(),
        heartbeatAt: new Date(),
        checkedSeq: run.lastVerifiedSeq,
        outcome: run.ok ? 'OK' : 'BROKEN',
        result: storedResult(run),
        ...(anchor
          ? {
              anchorKind: anchor.kind,
              anchorSeq: anchor.kept.chain.seq,
              anchorChainHash: anchor.kept.chain.chainHash,
              anchorFrontier: anchor.kept.tree.nodes,
            }
          : {}),
      },
    });
  } catch (error) {
    logger().error({ task: 'full-verification', runId, err: error }, 'the full verification stopped with an error');
    await prisma.logVerificationRun
      .update({ where: { id: runId }, data: { finishedAt: new Date(), outcome: 'FAILED' } })
      .catch(() => undefined); // the database itself may be what failed: the heartbeat then shows it stalled
  }
}

// Runs this process carries out, so a test (or a shutdown) can wait for them.
const carrying = new Set<Promise<void>>();

/** Resolves when the runs this process carries out have ended. */
export async function fullVerificationsSettled(): Promise<void> {
  await Promise.all([...carrying]);
}

export type TStartOutcome =
  /** `done`: settles when the run has ended (it never rejects). */
  { kind: 'started'; runId: string; done: Promise<void> } | { kind: 'already-running'; runId: string } | { kind: 'forbidden' };

/**
 * Starts the full recomputation, unless one is running on any instance (then that one is the answer):
 * one transaction under an advisory lock decides, so two officers pressing at once start one run. A run
 * whose instance stopped writing progress is marked abandoned first. This process carries out the run.
 */
export async function startFullVerification(
  actor: TActor,
  /** For the concurrency test: a pause between finding no run and starting one, where a second start would slip in without the lock. */
  options: { betweenCheckAndInsert?: () => Promise<void> } = {},
): Promise<TStartOutcome> {
  if (actor.kind !== 'COMPLIANCE') return { kind: 'forbidden' };
  const prisma = await db();
  const decided = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended('log-full-verification', 0))::text`;
    await tx.logVerificationRun.updateMany({
      where: { finishedAt: null, heartbeatAt: { lt: new Date(Date.now() - STALE_AFTER_MS) } },
      data: { finishedAt: new Date(), outcome: 'ABANDONED' },
    });
    const running = await tx.logVerificationRun.findFirst({ where: { finishedAt: null }, select: { id: true } });
    if (running) return { kind: 'already-running' as const, runId: running.id };
    await options.betweenCheckAndInsert?.();
    const head = await tx.logHead.findUnique({ where: { id: 1 }, select: { seq: true } });
    // Stamped now, after the lock (the database's now() is the transaction's start, before the wait).
    const now = new Date();
    const created = await tx.logVerificationRun.create({
      data: { officerId: actor.id, headSeq: head?.seq ?? 0n, startedAt: now, heartbeatAt: now },
      select: { id: true, headSeq: true },
    });
    return { kind: 'started' as const, runId: created.id, headSeq: created.headSeq };
  });
  if (decided.kind === 'started') {
    logger().info({ task: 'full-verification', runId: decided.runId, officerId: actor.id }, 'full verification started');
    const carried = carryOut(decided.runId, decided.headSeq).finally(() => carrying.delete(carried));
    carrying.add(carried);
    return { kind: 'started', runId: decided.runId, done: carried };
  }
  return decided;
}

/** The running full recomputation (if any) and the last finished one: compliance officers only (null for anyone else). */
export async function fullVerificationStatus(actor: TActor): Promise<{ running: TFullRun | null; last: TFullRun | null } | null> {
  if (actor.kind !== 'COMPLIANCE') return null;
  const prisma = await db();
  const now = new Date();
  const running = await prisma.logVerificationRun.findFirst({
    where: { finishedAt: null },
    orderBy: { startedAt: 'desc' },
    select: RUN_SELECT,
  });
  const last = await prisma.logVerificationRun.findFirst({
    where: { finishedAt: { not: null } },
    orderBy: { finishedAt: 'desc' },
    select: RUN_SELECT,
  });
  const officers = await prisma.account.findMany({
    where: { id: { in: [running, last].flatMap((run) => (run ? [run.officerId] : [])) } },
    select: { id: true, displayName: true },
  });
  const names = new Map(officers.map((o) => [o.id, o.displayName]));
  return {
    running: running ? toRun(running, names, now) : null,
    last: last ? toRun(last, names, now) : null,
  };
}
