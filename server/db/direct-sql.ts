import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * A statement in PostgreSQL's numbered-parameter form, as `Prisma.sql` builds it (`.text`, `.values`);
 * `name`: prepared once per connection under that name (see `prepared`).
 */
export type TStatement = { text: string; values: unknown[]; name?: string };
export type TDirectSql = <T = Record<string, unknown>>(statement: TStatement) => Promise<T[]>;

/** Dates and bigints as text: the two drivers serialise them differently, PostgreSQL parses both the same. */
export function portable(values: unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v));
}

/**
 * The statement prepared once per pooled connection and executed by name from then on: PostgreSQL
 * parses and plans it once instead of on every request. For statements asked thousands of times in a row
 * (an auditor's mirror), whose text is the same on every call (only the values change): one name, one text.
 * A connection pooler in front of PostgreSQL must keep prepared statements (PgBouncer 1.21+:
 * max_prepared_statements). PGlite runs the text as always.
 */
export function prepared(name: string, statement: TStatement): TStatement {
  return { text: statement.text, values: statement.values, name };
}

/**
 * Runs single statements on the bare driver, the pool Prisma also uses or the PGlite instance, for
 * the hot path: Prisma's query pipeline costs about 150 µs of CPU per statement on top of the driver
 * (docs/decisions/0017). Each statement is its own transaction; PGlite runs it only between
 * transactions, never inside one of Prisma's. Results come as the driver parses them, so such
 * statements cast int8 columns to text and name their columns.
 */
export function directSql(driver: { pool: pg.Pool } | { pglite: PGlite }): TDirectSql {
  if ('pool' in driver) {
    return async <T>(statement: TStatement) =>
      (await driver.pool.query({ name: statement.name, text: statement.text, values: portable(statement.values) })).rows as T[];
  }
  return async <T>(statement: TStatement) => (await driver.pglite.query<T>(statement.text, portable(statement.values))).rows;
}
