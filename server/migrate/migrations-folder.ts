import 'server-only';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';

export const MIGRATIONS_DIR = path.resolve('prisma/migrations');
export const SCHEMA_PATH = path.resolve('prisma/schema.prisma');

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** Reads prisma/migrations in the layout `prisma migrate` uses, so both tools share one history. */
export async function readMigrationsFolder(baseDir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (dir) => {
      const content = await readOrNull(path.join(baseDir, dir, 'migration.sql'));
      return {
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content:
            content === null ? ({ tag: 'error', value: 'migration.sql not found' } as const) : ({ tag: 'ok', value: content } as const),
        },
      };
    }),
  );
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: await readOrNull(path.join(baseDir, 'migration_lock.toml')) },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}
