import 'server-only';
import { type TLogFilter, timeRange } from '@/server/compliance/log-filter';
import { Prisma } from '@/server/db/generated/client';

/** Entries per consent_log_time_block row (the migration's trigger divides by the same number). */
const TIME_BLOCK = 1024;

/** "Marked by a letter" reads the facet column; "unmarked" is nearly every entry and needs no index. */
function marked(filter: TLogFilter): boolean {
  return filter.afterPasswordLetter !== undefined && filter.afterPasswordLetter !== 'none';
}

function needsFacets(filter: TLogFilter): boolean {
  return Boolean(filter.advisor || filter.member || filter.service || marked(filter));
}

/**
 * `consent_log e`, joined to its facets (`f`) only when the filter needs them; then the facets lead,
 * so that the facet's own (x, seq) index yields the page in order and the log is read for its rows only.
 */
export function selectionSource(filter: TLogFilter): Prisma.Sql {
  return needsFacets(filter) ? Prisma.sql`consent_log_facet f JOIN consent_log e ON e.seq = f.seq` : Prisma.sql`consent_log e`;
}

/** The sequence number to bound and order by: the leading table's, so that its index does both. */
export function seqColumn(filter: TLogFilter): Prisma.Sql {
  return needsFacets(filter) ? Prisma.sql`f.seq` : Prisma.sql`e.seq`;
}

/** The mark's value in an entry's payload (server/consent/letter-mark.ts); SQL NULL where there is none. */
export const LETTER_MARK_SQL = Prisma.sql`e.payload->>'afterPasswordLetter'`;

/**
 * The password-letter filter (docs/decisions/0042). A mark names one requester: the facet column (filled
 * from the decision's payload on integration) and its (mark, seq) index find the rare marked decisions
 * without reading the others. "None" is the payload's absence of a mark: nearly every entry, no index needed.
 */
function letterCondition(filter: TLogFilter): Prisma.Sql | null {
  switch (filter.afterPasswordLetter) {
    case undefined:
      return null;
    case 'any':
      return Prisma.sql`f.after_password_letter IS NOT NULL`;
    case 'none':
      return Prisma.sql`${LETTER_MARK_SQL} IS NULL`;
    default:
      return Prisma.sql`f.after_password_letter = ${filter.afterPasswordLetter}::"LetterRequester"`;
  }
}

/** Keyset bounds on seq: a page's `before`/`after`, an export's tree size (`atMost`). */
type TSeqBounds = { before?: bigint; after?: bigint; atMost?: bigint };

/**
 * The exact test of the filter's time range on an entry's time (`column`); empty without a range. The
 * explorer applies it above the scan, not inside it (search-log.ts): see `scanConditions`.
 */
export function timeTest(filter: TLogFilter, column: Prisma.Sql): Prisma.Sql[] {
  const { from, until } = timeRange(filter);
  return [...(from ? [Prisma.sql`${column} >= ${from}`] : []), ...(until ? [Prisma.sql`${column} < ${until}`] : [])];
}

/**
 * The filter's conditions except the event types (which callers turn into branches or a list) and the
 * exact time test, plus seq bounds. Each names columns that one index answers in seq order.
 */
export function scanConditions(filter: TLogFilter, bounds: TSeqBounds = {}): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const seq = seqColumn(filter);
  // With the facets leading, each bound on seq is stated for the log's seq as well: PostgreSQL carries
  // equalities across the join, not ranges, and a merge join then read the log's key from its newest end
  // down to a deep page (2.5 million index entries, 0.9 s, for one page by advisor at ten million entries).
  const bounded = needsFacets(filter) ? [seq, Prisma.sql`e.seq`] : [seq];
  const { from, until } = timeRange(filter);
  // A time range bounds seq through the blocks' time spans (consent_log_time_block): the first and last
  // block the range touches, so the scan walks the primary key from inside the range instead of from the
  // log's end. No block in range makes the bound NULL, and the comparison then admits nothing, as it should.
  for (const column of bounded) {
    if (from)
      where.push(Prisma.sql`${column} >= (SELECT min(block) * ${TIME_BLOCK} FROM consent_log_time_block WHERE max_recorded_at >= ${from})`);
    if (until)
      where.push(
        Prisma.sql`${column} < (SELECT (max(block) + 1) * ${TIME_BLOCK} FROM consent_log_time_block WHERE min_recorded_at < ${until})`,
      );
  }
  if (filter.consultation) where.push(Prisma.sql`e.consultation_id = ${filter.consultation}::uuid`);
  if (filter.advisor) where.push(Prisma.sql`f.advisor_id = ${filter.advisor}::uuid`);
  if (filter.member) where.push(Prisma.sql`f.member_id = ${filter.member}::uuid`);
  if (filter.service) where.push(Prisma.sql`f.video_service_id = ${filter.service}::uuid`);
  const letter = letterCondition(filter);
  if (letter) where.push(letter);
  for (const column of bounded) {
    if (bounds.before !== undefined) where.push(Prisma.sql`${column} < ${bounds.before}`);
    if (bounds.after !== undefined) where.push(Prisma.sql`${column} > ${bounds.after}`);
    if (bounds.atMost !== undefined) where.push(Prisma.sql`${column} <= ${bounds.atMost}`);
  }
  return where;
}

/** Every condition of the filter but the event types, the exact time test included (the export reads the whole selection). */
export function filterConditions(filter: TLogFilter, bounds: TSeqBounds = {}): Prisma.Sql[] {
  return [...timeTest(filter, Prisma.sql`e.recorded_at`), ...scanConditions(filter, bounds)];
}
