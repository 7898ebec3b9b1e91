import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** A statement in PostgreSQL's numbered-parameter form, as `Prisma.sql` builds it (`.text`, `.values`). */
export type TStatement = { text: string; values: unknown[] };
export type TDirectSql = <T = Record<string, unknown>>(statement: TStatement) => Promise<T[]>;

/** Dates and bigints as text: the two drivers serialise them differently, PostgreSQL parses both the same. */
export function portable(values: unknown[]): unknown[] {
  return values.map((v) => (v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : v));
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
      (await driver.pool.query({ text: statement.text, values: portable(statement.values) })).rows as T[];
  }
  return async <T>(statement: TStatement) => (await driver.pglite.query<T>(statement.text, portable(statement.values))).rows;
}
