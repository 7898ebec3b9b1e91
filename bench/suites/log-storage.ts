// Issue 21, point 4: what the log costs on disk, per entry, at the run's size, by table with its indexes,
// and how fast the data set was written. It runs last: by then the shared log holds its stored tree and,
// when log-tiles ran, the entry bundles the app keeps. The ten-year projection in docs/operations.md is
// read from these figures.
import pg from 'pg';
import { openDatabase } from '@/server/db/client';
import { extendMerkleTree } from '@/server/transparency/merkle-store';
import { type TFigure, figure, sizeLabel } from '../lib/figures';
import { sharedLogDatabase } from '../lib/shared-log-database';

/** The tables that grow with the log; the rest of the database is a constant. */
const LOG_TABLES = [
  'consent_log',
  'consent_log_personal',
  'consent_log_facet',
  'merkle_node',
  'log_entry_bundle',
  'consent_log_time_block',
];

export async function logStorageSuite(options: { entries: number; log: (line: string) => void }): Promise<TFigure[]> {
  const shared = await sharedLogDatabase(options.entries, options.log);
  // The tree as the app keeps it, also when merkle-proofs did not run (it only extends a stored tree).
  const database = await openDatabase(shared.target);
  try {
    await extendMerkleTree(database.prisma);
  } finally {
    await database.close();
  }
  const client = new pg.Client({ connectionString: shared.target.url });
  await client.connect();
  try {
    // Sizes as they settle: the loaded tables' visibility maps and statistics, as autovacuum would leave them.
    await client.query('VACUUM ANALYZE');
    const databaseBytes = Number((await client.query<{ n: string }>('SELECT pg_database_size(current_database()) AS n')).rows[0]!.n);
    const tables = await client.query<{ name: string; total: string; heap: string }>(
      `SELECT t AS name, pg_total_relation_size(t) AS total, pg_relation_size(t) AS heap FROM unnest($1::text[]) AS t`,
      [LOG_TABLES],
    );
    const entries = shared.entries;
    const label = sizeLabel(entries);
    const perEntry = (bytes: number) => Math.round(bytes / entries);
    const breakdown = tables.rows.map((t) => `${t.name} ${perEntry(Number(t.total))} (heap ${perEntry(Number(t.heap))})`).join(', ');
    return [
      figure(
        `log-disk-bytes-per-entry-pg-${label}`,
        'bytes',
        databaseBytes / entries,
        null,
        { kind: 'info' },
        `${(databaseBytes / 1e9).toFixed(2)} GB for ${entries} entries with the stored tree (pg_database_size after VACUUM ANALYZE); ` +
          `per entry with indexes: ${breakdown}`,
      ),
      figure(
        `log-load-pg-${label}`,
        'entries/s',
        entries / (shared.writeMs / 1000),
        null,
        { kind: 'info' },
        `${(shared.writeMs / 60_000).toFixed(1)} min to generate, hash and COPY the data set into PostgreSQL (one connection, triggers bypassed as in a restore)`,
      ),
    ];
  } finally {
    await client.end();
  }
}
