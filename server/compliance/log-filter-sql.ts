import 'server-only';
import { type TLogFilter, timeRange } from '@/server/compliance/log-filter';
import { Prisma } from '@/server/db/generated/client';

/** Entries per consent_log_time_block row (the migration's trigger divides by the same number). */
const TIME_BLOCK = 1024;

/** `consent_log e`, joined to its facets (`f`) only when the filter needs them. */
export function selectionSource(filter: TLogFilter): Prisma.Sql {
  const needsFacets = Boolean(filter.advisor || filter.member || filter.service);
  return needsFacets ? Prisma.sql`consent_log e JOIN consent_log_facet f ON f.seq = e.seq` : Prisma.sql`consent_log e`;
}

/**
 * The filter's conditions except the event types (which callers turn into branches or a list), plus
 * seq bounds. Each names columns that one index answers in seq order.
 */
export function filterConditions(filter: TLogFilter, bounds: { before?: bigint; after?: bigint; atMost?: bigint } = {}): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const { from, until } = timeRange(filter);
  // Each time bound also bounds seq, through the blocks' time spans (consent_log_time_block): exact,
  // and it lets a page walk the primary key from inside the range instead of from the log's end. No
  // block in range makes the bound NULL, and the comparison then admits nothing, as it should.
  if (from) {
    where.push(Prisma.sql`e.recorded_at >= ${from}`);
    where.push(Prisma.sql`e.seq >= (SELECT min(block) * ${TIME_BLOCK} FROM consent_log_time_block WHERE max_recorded_at >= ${from})`);
  }
  if (until) {
    where.push(Prisma.sql`e.recorded_at < ${until}`);
    where.push(Prisma.sql`e.seq < (SELECT (max(block) + 1) * ${TIME_BLOCK} FROM consent_log_time_block WHERE min_recorded_at < ${until})`);
  }
  if (filter.consultation) where.push(Prisma.sql`e.consultation_id = ${filter.consultation}::uuid`);
  if (filter.advisor) where.push(Prisma.sql`f.advisor_id = ${filter.advisor}::uuid`);
  if (filter.member) where.push(Prisma.sql`f.member_id = ${filter.member}::uuid`);
  if (filter.service) where.push(Prisma.sql`f.video_service_id = ${filter.service}::uuid`);
  if (bounds.before !== undefined) where.push(Prisma.sql`e.seq < ${bounds.before}`);
  if (bounds.after !== undefined) where.push(Prisma.sql`e.seq > ${bounds.after}`);
  if (bounds.atMost !== undefined) where.push(Prisma.sql`e.seq <= ${bounds.atMost}`);
  return where;
}
