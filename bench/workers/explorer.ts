// Child process: times log-explorer pages (the gateway's searchLog, through Prisma, as the page runs
// it) on a target with the benchmark data set, per kind of question, and EXPLAINs one of each to show
// which indexes answer it. Reports one JSON line.
import { explorerStatement, searchLog } from '@/server/compliance/search-log';
import type { TLogFilter, TLogPage } from '@/server/compliance/log-filter';
import type { TActor } from '@/server/auth/current-actor';
import { openDatabase } from '@/server/db/client';
import { BENCH_ADVISORS, BENCH_BASE_TIME, BENCH_ENTRY_SPACING_MS } from '../lib/log-data-set';
import { seededRandom } from '@/shared/seeded-random';

const [targetJson, iterationsArg] = process.argv.slice(2);
const target = JSON.parse(targetJson!) as { kind: 'postgres'; url: string };
const iterations = Number(iterationsArg ?? 200);
const database = await openDatabase(target);
const { prisma } = database;
const officer: TActor = {
  id: '00000000-0000-4000-8000-00000000aaaa',
  kind: 'COMPLIANCE',
  displayName: 'Bench',
  sessionId: 'bench',
  mustChangePassword: false,
  secondFactorSetupRequired: false,
  idleExpiresAt: new Date(Date.now() + 3_600_000),
  ipPseudonym: undefined,
  afterPasswordLetter: null,
  previousSignInAt: null,
  failedSignInsBefore: 0,
};
const random = seededRandom(20261127);
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;

const size = Number((await prisma.$queryRaw<{ n: bigint }[]>`SELECT max(seq) AS n FROM consent_log`)[0]!.n);
const consultations = (
  await prisma.$queryRaw<
    { id: string }[]
  >`SELECT DISTINCT consultation_id::text AS id FROM consent_log WHERE seq % 997 = 0 AND consultation_id IS NOT NULL LIMIT 300`
).map((r) => r.id);
const members = (
  await prisma.$queryRaw<{ id: string }[]>`SELECT DISTINCT member_id::text AS id FROM consent_log_facet WHERE seq % 991 = 0 LIMIT 300`
).map((r) => r.id);
const day = (offsetDays: number) => new Date(BENCH_BASE_TIME + offsetDays * 86_400_000).toISOString().slice(0, 10);
const spanDays = Math.floor((size * BENCH_ENTRY_SPACING_MS) / 86_400_000);
const deep = (): TLogPage => ({ before: BigInt(1 + Math.floor(random() * size)) });

const QUESTIONS: Record<string, () => { filter: TLogFilter; page: TLogPage }> = {
  'by-advisor': () => ({ filter: { advisor: pick(BENCH_ADVISORS) }, page: {} }),
  'by-advisor-deep': () => ({ filter: { advisor: pick(BENCH_ADVISORS) }, page: deep() }),
  'by-member': () => ({ filter: { member: pick(members) }, page: {} }),
  'by-consultation': () => ({ filter: { consultation: pick(consultations) }, page: {} }),
  'by-day': () => {
    const d = day(1 + Math.floor(random() * (spanDays - 2)));
    return { filter: { from: d, to: d }, page: {} };
  },
  'by-week-deep': () => {
    const start = 1 + Math.floor(random() * (spanDays - 9));
    return { filter: { from: day(start), to: day(start + 6) }, page: {} };
  },
  'deep-page': () => ({ filter: {}, page: deep() }),
  'withdrawn-deep': () => ({ filter: { status: 'withdrawn' }, page: deep() }),
};

type TPlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: TPlanNode[];
};

/** Rows a plan's scans of the log itself produced or threw away, over all their loops (EXPLAIN gives each per loop). */
function logRowsRead(node: TPlanNode): number {
  const perLoop = (node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
  const here = node['Relation Name'] === 'consent_log' ? perLoop * (node['Actual Loops'] ?? 1) : 0;
  return here + (node.Plans ?? []).reduce((sum, child) => sum + logRowsRead(child), 0);
}

function planNodes(node: TPlanNode): string[] {
  const here = node['Index Name']
    ? `${node['Node Type']} using ${node['Index Name']}`
    : node['Relation Name']
      ? `${node['Node Type']} on ${node['Relation Name']}`
      : null;
  return [...(here ? [here] : []), ...(node.Plans ?? []).flatMap(planNodes)];
}

const results: Record<
  string,
  { p50: number; p95: number; plan: string[]; seqScan: boolean; analyzed: { ms: number; logRows: number; buffers: number } }
> = {};
for (const [name, question] of Object.entries(QUESTIONS)) {
  for (let i = 0; i < 10; i++) {
    const q = question();
    await searchLog(prisma, officer, q.filter, q.page);
  }
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const q = question();
    const started = performance.now();
    await searchLog(prisma, officer, q.filter, q.page);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const q = question();
  const [explained] = await prisma.$queryRaw<
    { 'QUERY PLAN': [{ Plan: TPlanNode; 'Execution Time': number }] }[]
  >`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${explorerStatement(q.filter, q.page, 50)!}`;
  const { Plan: root, 'Execution Time': executionMs } = explained!['QUERY PLAN'][0];
  const plan = [...new Set(planNodes(root))];
  results[name] = {
    p50: times[Math.floor(times.length * 0.5)]!,
    p95: times[Math.floor(times.length * 0.95)]!,
    plan,
    seqScan: plan.some((p) => p.startsWith('Seq Scan on consent_log')),
    analyzed: {
      ms: executionMs,
      logRows: logRowsRead(root),
      buffers: (root['Shared Hit Blocks'] ?? 0) + (root['Shared Read Blocks'] ?? 0),
    },
  };
}
await database.close();
console.log(JSON.stringify({ size, results }));
process.exit(0);
