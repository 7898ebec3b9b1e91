// What a crash must not break, read straight from the database with SQL (not through the app that
// just crashed): decisions and their log entries are written together or not at all, the log has no
// gaps, and nothing stays queued once the app (or `npm run log:verify`) has integrated it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TSubmission } from './consent-stream';

const run = promisify(execFile);

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database on a server (dropped first if a former run left it). */
export async function freshMigratedDatabase(url: string): Promise<void> {
  const env = { ...process.env, DATABASE_URL: url, NODE_OPTIONS: '--conditions=react-server' };
  await run('npm', ['run', '-s', 'db:create', '--', '--fresh'], { env });
  await run('npm', ['run', '-s', 'db:migrate'], { env });
}

export { dropDatabase } from '@/server/db/maintenance-database';

export type TStoredDecision = {
  id: string;
  nonce: string;
  outcome: 'GIVEN' | 'REFUSED';
  recording: boolean;
  logQueueId: string;
  inChain: boolean;
  inQueue: boolean;
  personal: boolean;
};

/** Every decision with where its log entry is (chain or queue) and whether its personal row exists. */
export async function storedDecisions(client: pg.Client): Promise<Map<string, TStoredDecision>> {
  const { rows } = await client.query<TStoredDecision>(`
    SELECT d.id::text AS id, d.served_nonce AS nonce, d.outcome::text AS outcome, d.recording, d.log_queue_id::text AS "logQueueId",
      EXISTS (SELECT 1 FROM consent_log l WHERE l.queue_id = d.log_queue_id) AS "inChain",
      EXISTS (SELECT 1 FROM consent_log_queue q WHERE q.id = d.log_queue_id) AS "inQueue",
      EXISTS (SELECT 1 FROM consent_log_personal p WHERE p.queue_id = d.log_queue_id) AS personal
    FROM consent_decision d`);
  return new Map(rows.map((row) => [row.nonce, row]));
}

/** Served nonces of decision entries in the log (chain or queue), with how often each occurs. */
export async function loggedDecisionNonces(client: pg.Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ nonce: string; n: number }>(`
    SELECT nonce, count(*)::int AS n FROM (
      SELECT payload->'served'->>'nonce' AS nonce FROM consent_log WHERE event_type IN ('consent.given', 'consent.refused')
      UNION ALL
      SELECT payload->'served'->>'nonce' FROM consent_log_queue WHERE event_type IN ('consent.given', 'consent.refused')) e
    GROUP BY nonce`);
  return new Map(rows.map((row) => [row.nonce, row.n]));
}

/**
 * Half-written state, in both directions: a decision whose log entry (or its personal row) is missing,
 * and a decision entry in the log or queue with no decision pointing at it. Empty when consistent.
 */
export async function halfWrittenState(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ problem: string; n: number }>(`
    SELECT 'decision without log entry' AS problem, count(*)::int AS n FROM consent_decision d
      WHERE NOT EXISTS (SELECT 1 FROM consent_log l WHERE l.queue_id = d.log_queue_id)
        AND NOT EXISTS (SELECT 1 FROM consent_log_queue q WHERE q.id = d.log_queue_id)
    UNION ALL
    SELECT 'decision without personal log row', count(*)::int FROM consent_decision d
      WHERE NOT EXISTS (SELECT 1 FROM consent_log_personal p WHERE p.queue_id = d.log_queue_id)
    UNION ALL
    SELECT 'logged decision without decision', count(*)::int FROM consent_log l
      WHERE l.event_type IN ('consent.given', 'consent.refused') AND NOT EXISTS (SELECT 1 FROM consent_decision d WHERE d.log_queue_id = l.queue_id)
    UNION ALL
    SELECT 'queued decision without decision', count(*)::int FROM consent_log_queue q
      WHERE q.event_type IN ('consent.given', 'consent.refused') AND NOT EXISTS (SELECT 1 FROM consent_decision d WHERE d.log_queue_id = q.id)
    UNION ALL
    SELECT 'entry both queued and in the chain', count(*)::int FROM consent_log_queue q JOIN consent_log l ON l.queue_id = q.id`);
  return rows.filter((row) => row.n > 0).map((row) => `${row.problem}: ${row.n}`);
}

export type TLogShape = { entries: number; minSeq: number | null; maxSeq: number | null; headSeq: number; queued: number };

export async function logShape(client: pg.Client): Promise<TLogShape> {
  const { rows } = await client.query<TLogShape>(`
    SELECT (SELECT count(*)::int FROM consent_log) AS entries, (SELECT min(seq)::int FROM consent_log) AS "minSeq",
      (SELECT max(seq)::int FROM consent_log) AS "maxSeq", (SELECT seq::int FROM consent_log_head WHERE id = 1) AS "headSeq",
      (SELECT count(*)::int FROM consent_log_queue) AS queued`);
  return rows[0]!;
}

/** Waits until the queue is empty: the running app integrates what a crash left queued by itself. */
export async function waitForEmptyQueue(client: pg.Client, timeoutMs = 20_000): Promise<TLogShape> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const shape = await logShape(client);
    if (shape.queued === 0) return shape;
    if (Date.now() > until) throw new Error(`${shape.queued} log entries still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `npm run log:verify` on the database, as an operator runs it: exit code and what it printed. */
export async function verifyLogCommand(url: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'log:verify'], {
      env: { ...process.env, ...env, DATABASE_URL: url, NODE_OPTIONS: '' },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * Right after the restart, before any retry: each submission is either fully recorded (decision, log
 * entry, personal row) or not at all, and every acknowledged one is recorded as it was acknowledged.
 */
export function classifyAfterCrash(submissions: TSubmission[], decisions: Map<string, TStoredDecision>, logged: Map<string, number>) {
  const problems: string[] = [];
  let acknowledgedPresent = 0;
  let unacknowledgedPresent = 0;
  let unacknowledgedAbsent = 0;
  for (const s of submissions) {
    const decision = decisions.get(s.nonce);
    const entries = logged.get(s.nonce) ?? 0;
    const complete = decision !== undefined && (decision.inChain || decision.inQueue) && decision.personal && entries === 1;
    const absent = decision === undefined && entries === 0;
    if (!complete && !absent)
      problems.push(`${s.nonce}: half-written (decision ${decision ? 'present' : 'absent'}, ${entries} log entries)`);
    if (s.first.kind === 'acknowledged') {
      if (!complete) problems.push(`${s.nonce}: acknowledged but not recorded`);
      else if (
        decision.outcome !== (s.expected === 'given' ? 'GIVEN' : 'REFUSED') ||
        decision.recording !== (s.choice === 'consent-recording')
      ) {
        problems.push(`${s.nonce}: recorded other than acknowledged`);
      } else acknowledgedPresent++;
    } else if (complete) unacknowledgedPresent++;
    else unacknowledgedAbsent++;
  }
  return { problems, acknowledgedPresent, unacknowledgedPresent, unacknowledgedAbsent };
}
