// Writes the generated log into an empty consent log, as a superuser would restore one: the
// append-only triggers are bypassed for the bulk load (session_replication_role = replica), and the
// queue ids are the sequence numbers (the data set never passed through a queue).
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  ENTRY_COLUMNS,
  FACET_COLUMNS,
  PERSONAL_COLUMNS,
  type TGeneratedEntry,
  entryCsvRow,
  facetCsvRow,
  logEntries,
  personalCsvRow,
} from './log-data-set';
import { progressBar } from './progress';

const BATCH = 20_000;

// The time spans the integration trigger would have kept (it does not fire in replica mode).
const TIME_BLOCKS_SQL = `
  INSERT INTO consent_log_time_block (block, min_recorded_at, max_recorded_at)
  SELECT seq / 1024, min(recorded_at), max(recorded_at) FROM consent_log WHERE seq > $1 GROUP BY seq / 1024
  ON CONFLICT (block) DO UPDATE SET min_recorded_at = least(consent_log_time_block.min_recorded_at, excluded.min_recorded_at),
    max_recorded_at = greatest(consent_log_time_block.max_recorded_at, excluded.max_recorded_at)`;

/** Entries from+1..count of the data set in batches (the ones before `from` are computed, not yielded). */
function* batches(count: number, seed: number, from: number): Generator<TGeneratedEntry[]> {
  let batch: TGeneratedEntry[] = [];
  for (const entry of logEntries(count, seed)) {
    if (entry.seq <= BigInt(from)) continue;
    batch.push(entry);
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function copyInto(client: pg.Client, table: string, columns: string, rows: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN WITH (FORMAT csv)`));
    stream.on('finish', resolve);
    stream.on('error', reject);
    stream.end(rows);
  });
}

/** Appends entries from+1..count of the data set; the log must hold exactly entries 1..from of it. */
export async function writeLogDataSetToPostgres(url: string, count: number, seed: number, from = 0): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const bar = progressBar(`writing log entries ${from + 1}..${count} (PostgreSQL)`, count - from);
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    let done = 0;
    let last: TGeneratedEntry | undefined;
    for (const batch of batches(count, seed, from)) {
      await copyInto(client, 'consent_log', ENTRY_COLUMNS, batch.map(entryCsvRow).join(''));
      await copyInto(client, 'consent_log_personal', PERSONAL_COLUMNS, batch.map(personalCsvRow).join(''));
      // The facet trigger does not fire in replica mode: the facets come with the data set.
      await copyInto(client, 'consent_log_facet', FACET_COLUMNS, batch.map(facetCsvRow).join(''));
      done += batch.length;
      last = batch.at(-1);
      bar.update(done);
    }
    if (last)
      await client.query('UPDATE consent_log_head SET seq = $1, chain_hash = $2 WHERE id = 1', [last.seq.toString(), last.chainHash]);
    await client.query(TIME_BLOCKS_SQL, [String(from)]);
    await client.query('COMMIT');
    // The loaded tables as autovacuum leaves them a little later (it vacuums after inserts, too): planner
    // statistics, the visibility map, the rows' commit hints. Otherwise the first suite to read a fresh load
    // writes the hints into every page it reads, and measures that: a JSON Lines export of 1,000,000 entries ran
    // at 92,796 rows/s on a fresh load, and at 154,000 rows/s on a vacuumed log of 10,000,000.
    await client.query('VACUUM (ANALYZE) consent_log, consent_log_facet, consent_log_personal');
  } finally {
    await client.end();
  }
}

export async function writeLogDataSetToPglite(pglite: PGlite, count: number, seed: number, from = 0): Promise<void> {
  const bar = progressBar(`writing log entries ${from + 1}..${count} (PGlite)`, count - from);
  let done = 0;
  let last: TGeneratedEntry | undefined;
  await pglite.exec('SET session_replication_role = replica');
  for (const batch of batches(count, seed, from)) {
    await pglite.query(`COPY consent_log (${ENTRY_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob: new Blob([batch.map(entryCsvRow).join('')]),
    });
    await pglite.query(`COPY consent_log_personal (${PERSONAL_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob: new Blob([batch.map(personalCsvRow).join('')]),
    });
    await pglite.query(`COPY consent_log_facet (${FACET_COLUMNS}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
      blob: new Blob([batch.map(facetCsvRow).join('')]),
    });
    done += batch.length;
    last = batch.at(-1);
    // Written faster than the app writes: checkpoint now, or PGlite hangs once its WAL reaches a checkpoint's
    // trigger (server/db/open-pglite.ts).
    await pglite.exec('CHECKPOINT');
    bar.update(done);
  }
  if (last) await pglite.query('UPDATE consent_log_head SET seq = $1, chain_hash = $2 WHERE id = 1', [last.seq.toString(), last.chainHash]);
  await pglite.query(TIME_BLOCKS_SQL, [String(from)]);
  await pglite.exec('SET session_replication_role = DEFAULT');
}
