// What a batch of fuzzed requests wrote, per table and per log event type (docs/decisions/0039).
// Triggers in the fuzzing's own database note every write as it happens, so a fingerprint reads the few
// writes since the last one instead of hashing every row of every table twice per batch.
import type { TDb } from '@/server/db/client';

/**
 * Tables that follow the consent log by themselves (integration, the Merkle tree, checkpoints signed
 * and witnessed about once a second): they change whenever anything was logged earlier, so the log is counted instead,
 * by event type as entries arrive in the queue (every entry passes through it once).
 */
const FOLLOWS_THE_LOG = new Set([
  'consent_log_queue',
  'consent_log',
  'consent_log_personal',
  'consent_log_head',
  'consent_log_facet',
  'consent_log_time_block',
  'merkle_node',
  'merkle_tree',
  'log_checkpoint',
  // Full entry bundles the checkpoint leader keeps once a checkpoint covers them (0061).
  'log_entry_bundle',
  'log_cosignature',
  'witness_status',
  'witness_lag',
  // Denied attempts after the first in a window are counted here; the app's sweep turns closed windows into
  // summary entries at its own pace (0051), so this table and those entries change between any two batches.
  'denied_attempt_tally',
]);

/** Log entries the app writes by itself, not in answer to a request (0051). */
const BACKGROUND_EVENTS = ['call.join_denied_repeated', 'witness.refused', 'witness.lag_alarm', 'witness.lag_cleared'];

/**
 * A signed-in request moves its session's idle deadline (at most every 30 s), and the print system's and an
 * auditor's every request notes when its credential was last used: activity, not input.
 */
const IGNORED_COLUMNS: Record<string, string[]> = {
  session: ['last_seen_at'],
  print_credential: ['last_used_at'],
  auditor_credential: ['last_used_at'],
};

const NOTES = 'fuzz_write_note';

/**
 * One row per written row, appended (never updated, so that two transactions writing two tables in
 * opposite order never wait for each other here). An update that changes nothing, or only ignored
 * columns (the trigger's arguments), is no write.
 */
const SETUP = [
  `CREATE TABLE IF NOT EXISTS ${NOTES} (key text NOT NULL, added int NOT NULL)`,
  `CREATE OR REPLACE FUNCTION ${NOTES}_row() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'UPDATE' THEN
       IF to_jsonb(NEW) - coalesce(TG_ARGV, '{}'::text[]) = to_jsonb(OLD) - coalesce(TG_ARGV, '{}'::text[]) THEN RETURN NULL; END IF;
       INSERT INTO ${NOTES} VALUES (TG_TABLE_NAME, 0);
     ELSE
       INSERT INTO ${NOTES} VALUES (TG_TABLE_NAME, CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE OR REPLACE FUNCTION ${NOTES}_log() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.event_type = ANY (ARRAY[${BACKGROUND_EVENTS.map((e) => `'${e}'`).join(', ')}]::text[]) THEN RETURN NULL; END IF;
     INSERT INTO ${NOTES} VALUES ('log:' || NEW.event_type, 1);
     RETURN NULL;
   END $$`,
];

/** Per key: rows added since the notes began (net), and how many row writes there were in all. */
export type TFingerprint = Map<string, { rows: number; writes: number }>;

const totals = new WeakMap<TDb, Map<string, { rows: number; writes: number }>>();

async function install(prisma: TDb): Promise<void> {
  for (const statement of SETUP) await prisma.$executeRawUnsafe(statement);
  const tables = await prisma.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%' AND table_name <> '${NOTES}'`,
  );
  for (const { table_name: table } of tables) {
    if (FOLLOWS_THE_LOG.has(table)) continue;
    const ignored = (IGNORED_COLUMNS[table] ?? []).map((c) => `'${c}'`).join(', ');
    await prisma.$executeRawUnsafe(
      `CREATE OR REPLACE TRIGGER ${NOTES} AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION ${NOTES}_row(${ignored})`,
    );
  }
  await prisma.$executeRawUnsafe(
    `CREATE OR REPLACE TRIGGER ${NOTES} AFTER INSERT ON consent_log_queue FOR EACH ROW EXECUTE FUNCTION ${NOTES}_log()`,
  );
}

/** Everything written (and committed) so far: the notes are taken out of the table and added up here. */
export async function fingerprint(prisma: TDb): Promise<TFingerprint> {
  let sums = totals.get(prisma);
  if (!sums) {
    await install(prisma);
    sums = new Map();
    totals.set(prisma, sums);
  }
  const taken = await prisma.$queryRawUnsafe<{ key: string; added: number; writes: number }[]>(
    `WITH taken AS (DELETE FROM ${NOTES} RETURNING key, added) SELECT key, sum(added)::int AS added, count(*)::int AS writes FROM taken GROUP BY key`,
  );
  for (const t of taken) {
    const sum = sums.get(t.key) ?? { rows: 0, writes: 0 };
    sums.set(t.key, { rows: sum.rows + t.added, writes: sum.writes + t.writes });
  }
  return new Map([...sums].map(([key, sum]) => [key, { ...sum }]));
}

/** What changed: per key, how many rows more (or fewer), and whether the content changed at all. */
export type TWrites = Record<string, { added: number; changed: boolean }>;

export function writesBetween(before: TFingerprint, after: TFingerprint): TWrites {
  const writes: TWrites = {};
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key) ?? { rows: 0, writes: 0 };
    const b = after.get(key) ?? { rows: 0, writes: 0 };
    if (a.writes !== b.writes) writes[key] = { added: b.rows - a.rows, changed: true };
  }
  return writes;
}
