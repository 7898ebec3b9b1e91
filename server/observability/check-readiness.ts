import 'server-only';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { TDb } from '@/server/db/client';
import { logger } from '@/server/logging/logger';

export type TReadiness =
  | { ready: true }
  | { ready: false; reason: 'shutting-down' | 'database-unavailable' | 'database-timeout' | 'migrations-table-missing' }
  | { ready: false; reason: 'migrations-pending'; pending: string[] }
  | { ready: false; reason: 'migration-failed'; failed: string[] };

/** A readiness probe that waits longer than this answers "not ready" instead (orchestrators time out too). */
export const READINESS_TIMEOUT_MS = 2000;

let expected: Promise<string[]> | undefined;

/**
 * The migrations this build expects: every folder in prisma/migrations, as `npm run db:migrate` reads
 * them (server/migrate/migrations-folder.ts), read once: they do not change at run time. The path is
 * spelled out here so that the bundler traces only that folder into the build.
 */
export function expectedMigrations(): Promise<string[]> {
  expected ??= readdir(path.join(process.cwd(), 'prisma', 'migrations'), { withFileTypes: true }).then((entries) =>
    entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort(),
  );
  return expected;
}

type TMigrationRow = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

async function compare(prisma: TDb, expectedNames: string[]): Promise<TReadiness> {
  const [table] = await prisma.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`;
  if (!table?.present) return { ready: false, reason: 'migrations-table-missing' };
  const rows = await prisma.$queryRaw<TMigrationRow[]>`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`;
  // Like `prisma migrate deploy`: a migration that started and neither finished nor was rolled back blocks.
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name);
  if (failed.length) return { ready: false, reason: 'migration-failed', failed };
  const applied = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  const pending = expectedNames.filter((name) => !applied.has(name));
  return pending.length ? { ready: false, reason: 'migrations-pending', pending } : { ready: true };
}

/**
 * Whether this instance should get traffic: the database answers a query within the timeout and every
 * migration in prisma/migrations is applied (Prisma's `_prisma_migrations` table). Migrations the
 * database has and this build does not know (a newer instance ran them) do not make it unready.
 */
export async function checkReadiness(
  prisma: TDb,
  options: { expected?: string[]; shuttingDown?: boolean; timeoutMs?: number } = {},
): Promise<TReadiness> {
  if (options.shuttingDown) return { ready: false, reason: 'shutting-down' };
  const expectedNames = options.expected ?? (await expectedMigrations());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<TReadiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: 'database-timeout' }), options.timeoutMs ?? READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([compare(prisma, expectedNames), timeout]);
  } catch (error) {
    logger().warn({ err: error, task: 'readiness' }, 'readiness check: the database did not answer');
    return { ready: false, reason: 'database-unavailable' };
  } finally {
    clearTimeout(timer);
  }
}
