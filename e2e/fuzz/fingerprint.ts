// What a batch of fuzzed requests wrote, as one comparable value per table (docs/decisions/0039).
import type { TDb } from '@/server/db/client';

/**
 * Tables that follow the consent log by themselves (integration, the Merkle tree, checkpoints signed
 * once a minute): they change whenever anything was logged earlier, so the log is counted instead,
 * by event type over queue and chain together (an entry moves from one to the other).
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
]);

/**
 * A signed-in request moves its session's idle deadline (at most every 30 s), and the print system's
 * every request notes when its credential was last used: activity, not input.
 */
const IGNORED_COLUMNS: Record<string, string[]> = { session: ['last_seen_at'], print_credential: ['last_used_at'] };

export type TFingerprint = Map<string, { rows: number; hash: string }>;

let query: string | null = null;

async function fingerprintQuery(prisma: TDb): Promise<string> {
  if (query) return query;
  const columns = await prisma.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name NOT LIKE '\\_prisma%' ORDER BY table_name, ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const c of columns) {
    if (FOLLOWS_THE_LOG.has(c.table_name) || IGNORED_COLUMNS[c.table_name]?.includes(c.column_name)) continue;
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), `"${c.column_name}"`]);
  }
  const parts = [...byTable].map(
    ([table, cols]) =>
      `SELECT '${table}' AS key, count(*)::int AS rows, coalesce(md5(string_agg(r, '|' ORDER BY r)), '') AS hash FROM (SELECT ROW(${cols.join(', ')})::text AS r FROM "${table}") t`,
  );
  // Each log entry once: still queued, or integrated (then no longer in the queue, or about to leave it).
  parts.push(`SELECT 'log:' || event_type AS key, count(*)::int AS rows, '' AS hash FROM (
      SELECT event_type FROM consent_log
      UNION ALL SELECT q.event_type FROM consent_log_queue q WHERE NOT EXISTS (SELECT 1 FROM consent_log l WHERE l.queue_id = q.id)
    ) e GROUP BY event_type`);
  query = parts.join('\nUNION ALL\n');
  return query;
}

export async function fingerprint(prisma: TDb): Promise<TFingerprint> {
  const rows = await prisma.$queryRawUnsafe<{ key: string; rows: number; hash: string }[]>(await fingerprintQuery(prisma));
  return new Map(rows.map((r) => [r.key, { rows: r.rows, hash: r.hash }]));
}

/** What changed: per key, how many rows more (or fewer), and whether the content changed at all. */
export type TWrites = Record<string, { added: number; changed: boolean }>;

export function writesBetween(before: TFingerprint, after: TFingerprint): TWrites {
  const writes: TWrites = {};
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key) ?? { rows: 0, hash: '' };
    const b = after.get(key) ?? { rows: 0, hash: '' };
    if (a.rows !== b.rows || a.hash !== b.hash) writes[key] = { added: b.rows - a.rows, changed: true };
  }
  return writes;
}
