import 'server-only';
import { z } from 'zod';

/**
 * `poolSize`: connections this process's pool may open on the server (absent: the default below).
 * `startFrom` (tests, in-memory only): a dump of a data directory to begin with instead of running initdb.
 */
export type TDatabaseTarget = { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir: string; startFrom?: Blob };

/**
 * Connections per app instance when DATABASE_POOL_SIZE is unset. Each instance also holds two for
 * LISTEN (server/live/, server/auth/session-cache.ts) and at times one for a purge, verification or
 * export: instances × (pool + 3)
 * must stay below the server's max_connections minus its reserve (docs/operations.md, "Connection pooling").
 */
export const DEFAULT_POOL_SIZE = 10;

const POOL_SIZE_RULE = 'DATABASE_POOL_SIZE must be a whole number from 1 to 200';

// Parsed apart from server/env.ts so that database commands (migrate, seed) need no app secrets.
export const ZDatabaseEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Empty means unset, as for DATABASE_URL: a process started for a PostgreSQL server may carry PGLITE_DATA_DIR="".
  PGLITE_DATA_DIR: z
    .string()
    .optional()
    .transform((dir) => dir || './data/pglite'),
  /** Connections in this process's pool on a PostgreSQL server (ignored on PGlite: one process, no pool). */
  DATABASE_POOL_SIZE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: POOL_SIZE_RULE })
      .int({ error: POOL_SIZE_RULE })
      .min(1, { error: POOL_SIZE_RULE })
      .max(200, { error: POOL_SIZE_RULE })
      .default(DEFAULT_POOL_SIZE),
  ),
});

export function databaseTarget(source: NodeJS.ProcessEnv = process.env): TDatabaseTarget {
  const result = ZDatabaseEnv.safeParse(source);
  if (!result.success) throw new Error(`Invalid database configuration: ${String(result.error.issues[0]?.message)}`);
  const { DATABASE_URL, PGLITE_DATA_DIR, DATABASE_POOL_SIZE } = result.data;
  return DATABASE_URL
    ? { kind: 'postgres', url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE }
    : { kind: 'pglite', dataDir: PGLITE_DATA_DIR };
}
