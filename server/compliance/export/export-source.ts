import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { type TLogFilter, admittedEventTypes } from '@/server/compliance/log-filter';
import { LETTER_MARK_SQL, filterConditions, selectionSource, seqColumn } from '@/server/compliance/log-filter-sql';
import { type TExportColumns, hasLetterColumn } from '@/server/compliance/export/export-columns';
import { inlineStatement } from '@/server/compliance/export/sql-literal';
import type { TOpenDatabase } from '@/server/db/client';
import type { ExportFormat } from '@/server/db/generated/enums';
import { Prisma } from '@/server/db/generated/client';

export const EXPORT_PAGE = 5_000;

// Times as ISO 8601 in UTC with milliseconds: the form the leaf hash covers.
const ISO_TIME = Prisma.sql`to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One output line per entry, formatted by the database: the export's CSV columns in their order, or one
 * JSON object as text with the same fields in camelCase (`afterPasswordLetter` null where CSV is empty).
 */
function columnsFor(format: ExportFormat, columns: TExportColumns): Prisma.Sql {
  const letter = hasLetterColumn(columns);
  if (format === 'CSV') {
    return Prisma.sql`e.seq, ${ISO_TIME}, e.event_type, e.consultation_id, e.payload, e.personal_commitment, e.leaf_hash, e.chain_hash
      ${letter ? Prisma.sql`, ${LETTER_MARK_SQL}` : Prisma.empty}`;
  }
  return Prisma.sql`json_build_object('seq', e.seq, 'recordedAt', ${ISO_TIME}, 'eventType', e.event_type, 'consultationId', e.consultation_id,
    'payload', e.payload, 'personalCommitment', e.personal_commitment, 'leafHash', e.leaf_hash, 'chainHash', e.chain_hash
    ${letter ? Prisma.sql`, 'afterPasswordLetter', ${LETTER_MARK_SQL}` : Prisma.empty})::text`;
}

/** The selection in chain order, up to the export's tree size, so it is the same on every download. */
function selection(
  filter: TLogFilter,
  treeSize: bigint,
  format: ExportFormat,
  columns: TExportColumns,
  page?: { after: bigint; limit: number },
): Prisma.Sql {
  const where = filterConditions(filter, { atMost: treeSize, ...(page ? { after: page.after } : {}) });
  const types = admittedEventTypes(filter);
  if (types) where.push(types.length ? Prisma.sql`e.event_type IN (${Prisma.join(types)})` : Prisma.sql`false`);
  return Prisma.sql`SELECT ${columnsFor(format, columns)} FROM ${selectionSource(filter)} WHERE ${Prisma.join(where, ' AND ')} ORDER BY ${seqColumn(filter)} ${page ? Prisma.sql`LIMIT ${page.limit}` : Prisma.empty}`;
}

// CSV as RFC 4180 has it; JSON Lines through the CSV writer with a quote character JSON text never
// holds (it escapes control characters), so the database writes each object as it is.
const COPY_OPTIONS = { CSV: '(FORMAT csv)', JSONL: "(FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')" } as const;

/** PostgreSQL server: COPY ... TO STDOUT on a connection of its own, handed on chunk by chunk. */
async function* copyFromPostgres(url: string, statement: string): AsyncGenerator<Buffer> {
  const client = new pg.Client({ connectionString: url, application_name: 'consent-log-export' });
  await client.connect();
  try {
    yield* client.query(copyTo(statement)) as AsyncIterable<Buffer>;
  } finally {
    await client.end();
  }
}

// Every record is one line and starts with its sequence number (CSV) or {"seq" : n (JSON).
const LEADING_SEQ = { CSV: /^(\d+),/, JSONL: /^\{"seq" : (\d+),/ } as const;

function lastSeq(page: Buffer, format: ExportFormat): bigint {
  const start = page.lastIndexOf(0x0a, page.length - 2) + 1;
  const found = LEADING_SEQ[format].exec(page.subarray(start, start + 40).toString('utf8'));
  if (!found) throw new Error('export page without a sequence number at its end');
  return BigInt(found[1]!);
}

/** PGlite (one connection shared with the app): the same COPY, one keyset page at a time. */
async function* copyFromPglite(
  pglite: PGlite,
  filter: TLogFilter,
  treeSize: bigint,
  format: ExportFormat,
  columns: TExportColumns,
): AsyncGenerator<Buffer> {
  let after = 0n;
  for (;;) {
    const statement = inlineStatement(selection(filter, treeSize, format, columns, { after, limit: EXPORT_PAGE }));
    const result = await pglite.query(`COPY (${statement}) TO '/dev/blob' WITH ${COPY_OPTIONS[format]}`);
    // PGlite hands back no blob at all when the page is empty.
    if (!result.blob) return;
    const page = Buffer.from(await result.blob.arrayBuffer());
    if (page.length === 0) return;
    yield page;
    after = lastSeq(page, format);
  }
}

/**
 * The export's lines, formatted by the database and streamed in constant memory whatever their
 * number: Prisma cannot stream result sets, so this drops to the driver (docs/decisions/0025).
 */
export function exportLines(
  database: Pick<TOpenDatabase, 'target' | 'pglite'>,
  filter: TLogFilter,
  treeSize: bigint,
  format: ExportFormat,
  columns: TExportColumns,
): AsyncGenerator<Buffer> {
  if (database.target.kind === 'postgres') {
    return copyFromPostgres(
      database.target.url,
      `COPY (${inlineStatement(selection(filter, treeSize, format, columns))}) TO STDOUT WITH ${COPY_OPTIONS[format]}`,
    );
  }
  if (!database.pglite) throw new Error('embedded database is not open');
  return copyFromPglite(database.pglite, filter, treeSize, format, columns);
}
