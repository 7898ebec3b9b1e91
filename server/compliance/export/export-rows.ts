import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { type TLogFilter, admittedEventTypes } from '@/server/compliance/log-filter';
import { filterConditions, selectionSource } from '@/server/compliance/log-filter-sql';
import type { TExportRow } from '@/server/compliance/export/export-columns';
import type { TOpenDatabase } from '@/server/db/client';
import { portable } from '@/server/db/direct-sql';
import { Prisma } from '@/server/db/generated/client';

export const EXPORT_BATCH = 5_000;

type TRow = {
  seq: string;
  recorded_at: Date;
  event_type: string;
  consultation_id: string | null;
  payload: TExportRow['payload'];
  personal_commitment: string | null;
  leaf_hash: string;
  chain_hash: string;
};

/** The selection in chain order, up to the export's tree size, so it is the same on every download. */
function selection(filter: TLogFilter, treeSize: bigint, after?: bigint, limit?: number): Prisma.Sql {
  const where = filterConditions(filter, { atMost: treeSize, ...(after !== undefined ? { after } : {}) });
  const types = admittedEventTypes(filter);
  if (types) where.push(types.length ? Prisma.sql`e.event_type IN (${Prisma.join(types)})` : Prisma.sql`false`);
  return Prisma.sql`
    SELECT e.seq::text AS seq, e.recorded_at, e.event_type, e.consultation_id, e.payload, e.personal_commitment, e.leaf_hash, e.chain_hash
      FROM ${selectionSource(filter)} WHERE ${Prisma.join(where, ' AND ')}
     ORDER BY e.seq ${limit ? Prisma.sql`LIMIT ${limit}` : Prisma.empty}`;
}

function toExportRow(r: TRow): TExportRow {
  return {
    seq: r.seq,
    recordedAt: r.recorded_at,
    eventType: r.event_type,
    consultationId: r.consultation_id,
    payload: r.payload,
    personalCommitment: r.personal_commitment,
    leafHash: r.leaf_hash,
    chainHash: r.chain_hash,
  };
}

/** PostgreSQL server: a server-side cursor on a connection of its own (Prisma cannot stream result sets). */
async function* rowsOnPostgres(url: string, statement: Prisma.Sql): AsyncGenerator<TExportRow[]> {
  const client = new pg.Client({ connectionString: url, application_name: 'consent-log-export' });
  await client.connect();
  try {
    const cursor = client.query(new Cursor<TRow>(statement.text, portable(statement.values)));
    try {
      for (;;) {
        const rows = await cursor.read(EXPORT_BATCH);
        if (rows.length === 0) return;
        yield rows.map(toExportRow);
      }
    } finally {
      await cursor.close();
    }
  } finally {
    await client.end();
  }
}

/** PGlite (one connection shared with the app): keyset pages, so the app's requests interleave. */
async function* rowsOnPglite(pglite: PGlite, filter: TLogFilter, treeSize: bigint): AsyncGenerator<TExportRow[]> {
  let after: bigint | undefined;
  for (;;) {
    const statement = selection(filter, treeSize, after, EXPORT_BATCH);
    const { rows } = await pglite.query<TRow>(statement.text, portable(statement.values));
    if (rows.length === 0) return;
    yield rows.map(toExportRow);
    if (rows.length < EXPORT_BATCH) return;
    after = BigInt(rows.at(-1)!.seq);
  }
}

/**
 * The entries an export holds, in batches, in constant memory whatever their number: read through
 * the driver, not Prisma (docs/decisions/0025).
 */
export function exportRows(database: Pick<TOpenDatabase, 'target' | 'pglite'>, filter: TLogFilter, treeSize: bigint): AsyncGenerator<TExportRow[]> {
  if (database.target.kind === 'postgres') return rowsOnPostgres(database.target.url, selection(filter, treeSize));
  if (!database.pglite) throw new Error('embedded database is not open');
  return rowsOnPglite(database.pglite, filter, treeSize);
}
