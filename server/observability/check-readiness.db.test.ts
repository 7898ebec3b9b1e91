import { describe, expect, it } from 'vitest';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { checkReadiness, expectedMigrations } from '@/server/observability/check-readiness';

describeEachDatabase('readiness', (kind) => {
  const database = useTestDatabase(kind);

  it('is ready when the database answers and every migration in prisma/migrations is applied', async () => {
    expect((await expectedMigrations()).length).toBeGreaterThan(5);
    expect(await checkReadiness(database().prisma)).toEqual({ ready: true });
  });

  it('is not ready while the process shuts down', async () => {
    expect(await checkReadiness(database().prisma, { shuttingDown: true })).toEqual({ ready: false, reason: 'shutting-down' });
  });

  it('names a migration of this build that the database lacks', async () => {
    const expected = [...(await expectedMigrations()), '20991231000000_from_a_newer_build'];
    expect(await checkReadiness(database().prisma, { expected })).toEqual({
      ready: false,
      reason: 'migrations-pending',
      pending: ['20991231000000_from_a_newer_build'],
    });
  });

  it('is not ready when a migration is missing from _prisma_migrations, and ready again once it is back', async () => {
    const prisma = database().prisma;
    const last = (await expectedMigrations()).at(-1)!;
    const [row] = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM _prisma_migrations WHERE migration_name = ${last}`;
    await prisma.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = ${last}`;
    expect(await checkReadiness(prisma)).toEqual({ ready: false, reason: 'migrations-pending', pending: [last] });
    // A migration that started and never finished blocks like in `prisma migrate deploy`.
    await prisma.$executeRaw`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (${row!.id as string}, ${row!.checksum as string}, ${last}, now(), 0)`;
    expect(await checkReadiness(prisma)).toEqual({ ready: false, reason: 'migration-failed', failed: [last] });
    await prisma.$executeRaw`UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE migration_name = ${last}`;
    expect(await checkReadiness(prisma)).toEqual({ ready: true });
  });

  it('is not ready on a database that was never migrated', async () => {
    const prisma = database().prisma;
    await prisma.$executeRaw`ALTER TABLE _prisma_migrations RENAME TO _prisma_migrations_away`;
    try {
      expect(await checkReadiness(prisma)).toEqual({ ready: false, reason: 'migrations-table-missing' });
    } finally {
      await prisma.$executeRaw`ALTER TABLE _prisma_migrations_away RENAME TO _prisma_migrations`;
    }
  });
});

describe('readiness without a database', () => {
  it('answers "database-unavailable" when the query fails and "database-timeout" when it hangs', async () => {
    const failing = { $queryRaw: () => Promise.reject(new Error('connection refused')) } as never;
    expect(await checkReadiness(failing, { expected: [] })).toEqual({ ready: false, reason: 'database-unavailable' });
    const hanging = { $queryRaw: () => new Promise(() => {}) } as never;
    expect(await checkReadiness(hanging, { expected: [], timeoutMs: 50 })).toEqual({ ready: false, reason: 'database-timeout' });
  });
});
