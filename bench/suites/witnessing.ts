// Issue 18, point 7: how soon an entry is covered by a checkpoint two witnesses cosigned (loopback, quorum
// 2 of 2) while members consent at 100 a second, and what witnessing costs consent submission: the same
// load with the witnesses on and off, alternated, in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '@/server/db/client';
import { startWitnesses } from '@/tests/witnesses';
import { assertLogVerifies } from '../lib/log-verifies';
import { benchVerifierKey, ensureBuild, startApp } from '../lib/app-server';
import { dropPostgresDatabase, freshPostgresDatabase } from '../lib/bench-database';
import { createConsentMembers, load } from '../lib/consent-load';
import { type TFigure, explainMiss, figure } from '../lib/figures';

const DATABASE = 'consent_bench_witness';
const PORT = 3303;
const MEMBERS = 64;
const RATE = 100;
const RATE_SECONDS = 20;
const THROUGHPUT_SECONDS = 15;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function witnessingSuite(options: { log: (line: string) => void }): Promise<TFigure[]> {
  ensureBuild(options.log);
  const logVkey = benchVerifierKey();
  const target = await freshPostgresDatabase(DATABASE);
  const database = await openDatabase(target);
  options.log(`${MEMBERS} members with a consultation each; two witnesses on loopback`);
  const members = await createConsentMembers(database.prisma, MEMBERS);
  const witnesses = await startWitnesses(logVkey, 2, 2, 'bench');
  mkdirSync('bench/out', { recursive: true });
  const policyFile = path.resolve('bench/out/witness-policy.txt');
  writeFileSync(policyFile, witnesses.policy);
  const appEnv = (witnessing: boolean) => ({
    DATABASE_URL: target.url,
    WITNESS_POLICY_FILE: witnessing ? policyFile : '',
  });
  const base = `http://localhost:${PORT}`;
  const figures: TFigure[] = [];
  try {
    // Throughput with witnessing off and on: a warm-up, then A-B-B-A three times, so that neither gets the
    // emptier database or the colder caches; runs of one configuration differ by a tenth or more on this machine.
    const rps: Record<'on' | 'off' | 'warm-up', number[]> = { on: [], off: [], 'warm-up': [] };
    let consentRequest: Awaited<ReturnType<typeof members.signIn>> | null = null;
    for (const mode of ['warm-up', 'off', 'on', 'on', 'off', 'on', 'off', 'off', 'on', 'off', 'on', 'on', 'off'] as const) {
      const app = await startApp(PORT, appEnv(mode !== 'off'));
      try {
        // Sessions live in the database: signed in once, the members stay signed in across restarts.
        consentRequest ??= await members.signIn(base);
        options.log(`consent submission at 32 connections, witnessing ${mode}`);
        const run = await load([base], 32, consentRequest, 303, { durationSeconds: THROUGHPUT_SECONDS });
        if (run.errors) throw new Error(`${run.errors} consent submissions failed with witnessing ${mode}`);
        rps[mode].push(run.rps);
      } finally {
        await app.stop();
      }
    }
    const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
    const spread = (list: number[]) => `${Math.round(Math.min(...list))}–${Math.round(Math.max(...list))} req/s`;
    figures.push(
      explainMiss(
        figure(
          'consent-submit-witnessing-on-vs-off',
          'req/s',
          mean(rps.on),
          mean(rps.off),
          { kind: 'ratio-at-least', min: 0.95 },
          `on ${rps.on.map(Math.round).join(', ')} req/s; off ${rps.off.map(Math.round).join(', ')} req/s (32 connections, ${THROUGHPUT_SECONDS} s each, alternated)`,
        ),
        `the means differ by ${Math.round(mean(rps.off) - mean(rps.on))} req/s; runs of one configuration ranged ${spread(rps.off)} (off) and ${spread(rps.on)} (on) in this run. The two witnesses ran on the same two cores as the app and the database.`,
      ),
    );

    // From an entry's append to a witnessed checkpoint over it, at a steady 100 consents a second.
    const app = await startApp(PORT, appEnv(true));
    try {
      const [first] = await database.prisma.$queryRaw<{ seq: bigint }[]>`SELECT COALESCE(max(seq), 0) + 1 AS seq FROM consent_log`;
      const from = first?.seq ?? 1n;
      options.log(`${RATE} consents a second for ${RATE_SECONDS} s, witnessing on`);
      const run = await load([base], 16, consentRequest!, 303, { durationSeconds: RATE_SECONDS, overallRate: RATE });
      const deadline = Date.now() + 15_000;
      let latencies: number[] = [];
      let waiting = 0;
      do {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const rows = await database.prisma.$queryRaw<{ ms: number | null }[]>`
          WITH witnessed AS (
            SELECT tree_size, max(created_at) AS at FROM log_cosignature GROUP BY tree_size HAVING count(*) >= 2)
          SELECT (EXTRACT(EPOCH FROM (SELECT w.at FROM witnessed w WHERE w.tree_size >= e.seq ORDER BY w.tree_size LIMIT 1) - e.recorded_at) * 1000)::float8 AS ms
            FROM consent_log e WHERE e.seq >= ${from} AND e.event_type = 'consent.given'`;
        latencies = rows.flatMap((r) => (r.ms === null ? [] : [r.ms])).sort((a, b) => a - b);
        waiting = rows.length - latencies.length;
      } while (waiting > 0 && Date.now() < deadline);
      const checkpoints = await database.prisma.logCheckpoint.count({ where: { treeSize: { gte: from } } });
      figures.push(
        figure(
          'witnessed-after-append-p95',
          'ms',
          Math.round(percentile(latencies, 95)),
          null,
          { kind: 'value-below', max: 2000 },
          `${latencies.length} consents at ${Math.round(run.rps)}/s (${run.errors} errors); p50 ${Math.round(percentile(latencies, 50))} ms, max ${Math.round(latencies.at(-1) ?? 0)} ms; ${waiting} not witnessed 15 s after the load; ${checkpoints} checkpoints signed in ${RATE_SECONDS} s; two witnesses, quorum 2`,
        ),
      );
    } finally {
      await app.stop();
    }
  } finally {
    await witnesses.stop();
    await database.close();
  }
  try {
    await assertLogVerifies(target);
  } finally {
    await dropPostgresDatabase(DATABASE);
  }
  return figures;
}
