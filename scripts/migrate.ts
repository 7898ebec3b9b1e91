// npm run db:migrate            apply pending migrations to the configured database
// npm run db:migrate -- new NAME   write a migration for schema changes (replayed on an in-memory PGlite)
import './load-env';
import { runCommand } from './run-command';
import { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { databaseTarget } from '@/server/db/database-target';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { withMigrationLock } from '@/server/migrate/migration-lock';
import { applyMigrations, createMigration } from '@/server/migrate/run-migrations';

async function main() {
  const [command = 'deploy', name] = process.argv.slice(2);
  if (command === 'new') {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('Usage: npm run db:migrate -- new snake_case_name');
    // A throwaway in-memory database is enough to compute the next migration from the history.
    const scratch = new PrismaPGlite(new PGlite()) as unknown as SqlMigrationAwareDriverAdapterFactory;
    const created = await createMigration(scratch, name);
    console.log(created ? `Created prisma/migrations/${created}/migration.sql` : 'Schema and migrations already agree; nothing created.');
    return;
  }
  if (command !== 'deploy') throw new Error(`Unknown command "${command}". Use "deploy" or "new NAME".`);
  const target = databaseTarget();
  const apply = async () => {
    const { factory, close } = await openDriverAdapter(target, { poolSize: 1 });
    try {
      return await applyMigrations(factory);
    } finally {
      await close();
    }
  };
  // Several instances may start at once: on a server one applies, the others wait (docs/decisions/0037).
  // PGlite's data directory admits one process anyway (server/db/data-dir-lock.ts).
  const applied = target.kind === 'postgres' ? await withMigrationLock(target.url, apply) : await apply();
  const where = target.kind === 'postgres' ? 'PostgreSQL' : `PGlite at ${target.dataDir}`;
  console.log(applied.length ? `Applied ${applied.length} migration(s) to ${where}: ${applied.join(', ')}` : `${where} is up to date.`);
}

runCommand(main);
