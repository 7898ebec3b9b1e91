import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';
import { env } from '@/server/env';
import { witnessing } from '@/server/witnessing/witness-policy';
import type { TQuorumRule } from '@/shared/transparency/policy';
import { type TWitnessLag, newestWitnessedCheckpoint, witnessLag } from '@/server/witnessing/witnessed-checkpoint';

const PROBLEM_KINDS = ['unreachable', 'refused', 'rate-limited', 'not-durable'] as const;
export type TProblemKind = (typeof PROBLEM_KINDS)[number];

/** Problems are stored as "<kind>: <detail>" (server/witnessing/submit-checkpoint.ts). */
function readProblem(text: string): { kind: TProblemKind; detail: string } {
  const [kind = '', ...rest] = text.split(': ');
  return { kind: PROBLEM_KINDS.find((k) => k === kind) ?? 'refused', detail: rest.join(': ') };
}

export type TWitnessRow = {
  name: string;
  url: string;
  vkey: string;
  cosignedSize: number;
  lastContactAt: Date | null;
  /** What went wrong at the last submission, by kind, with the technical detail (in English, from the witness or the network). */
  problem: { kind: TProblemKind; detail: string } | null;
  problemSince: Date | null;
  alarm: 'inconsistent' | 'rollback' | null;
  alarmAt: Date | null;
};

export type TWitnessOverview = {
  witnesses: TWitnessRow[];
  quorum: TQuorumRule;
  lag: TWitnessLag;
  lagLimitSeconds: number;
  lagAlarmSince: Date | null;
  witnessedAt: Date | null;
};

/** What the compliance overview shows of witnessing: compliance officers only; null without witnesses. */
export async function witnessOverview(prisma: TDb, actor: TActor, config = witnessing()): Promise<TWitnessOverview | null> {
  if (actor.kind !== 'COMPLIANCE' || !config) return null;
  const [statuses, lag, lagRow, witnessed] = await Promise.all([
    prisma.witnessStatus.findMany({ where: { witnessKey: { in: config.witnesses.map((w) => w.key.text) } } }),
    witnessLag(prisma, config),
    prisma.witnessLag.findUnique({ where: { id: 1 }, select: { raisedAt: true } }),
    newestWitnessedCheckpoint(prisma, config),
  ]);
  const witnesses = config.witnesses.map((w): TWitnessRow => {
    const status = statuses.find((s) => s.witnessKey === w.key.text);
    return {
      name: w.name,
      url: w.url,
      vkey: w.key.text,
      cosignedSize: Number(status?.cosignedSize ?? 0n),
      lastContactAt: status?.lastContactAt ?? null,
      problem: status?.problem ? readProblem(status.problem) : null,
      problemSince: status?.problemSince ?? null,
      alarm: status?.alarm === 'inconsistent' || status?.alarm === 'rollback' ? status.alarm : null,
      alarmAt: status?.alarmAt ?? null,
    };
  });
  const cosignedAt = witnessed?.cosignatures.map((c) => c.cosignedAt.getTime()) ?? [];
  return {
    witnesses,
    quorum: config.policy.quorum,
    lag,
    lagLimitSeconds: env().WITNESS_LAG_ALARM_SECONDS,
    lagAlarmSince: lagRow?.raisedAt ?? null,
    witnessedAt: cosignedAt.length ? new Date(Math.max(...cosignedAt)) : null,
  };
}
