import 'server-only';
import type { Prisma } from '@/server/db/generated/client';

/** A value as an SQL literal, for the one statement that cannot take parameters (COPY). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
  if (typeof value === 'string') {
    // With standard_conforming_strings (on since PostgreSQL 9.1) only the quote needs doubling; a NUL cannot be sent at all.
    if (value.includes('\u0000')) throw new Error('a NUL character cannot be part of a statement');
    return `'${value.replace(/'/g, "''")}'`;
  }
  throw new TypeError(`no SQL literal for a ${typeof value}`);
}

/**
 * A `Prisma.sql` statement with its values written in as literals. COPY takes no bind parameters, and
 * every value here was parsed by a zod schema first (uuids, days, event types, numbers).
 */
export function inlineStatement(statement: Prisma.Sql): string {
  return statement.strings.reduce((text, part, i) => text + part + (i < statement.values.length ? literal(statement.values[i]) : ''), '');
}
