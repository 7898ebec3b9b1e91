import 'server-only';
import { z } from 'zod';

export type TDatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

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
});

export function databaseTarget(source: NodeJS.ProcessEnv = process.env): TDatabaseTarget {
  const result = ZDatabaseEnv.safeParse(source);
  if (!result.success) throw new Error(`Invalid database configuration: ${result.error.issues[0]?.message}`);
  const { DATABASE_URL, PGLITE_DATA_DIR } = result.data;
  return DATABASE_URL ? { kind: 'postgres', url: DATABASE_URL } : { kind: 'pglite', dataDir: PGLITE_DATA_DIR };
}
