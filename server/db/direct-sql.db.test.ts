import pg from 'pg';
import { expect, it } from 'vitest';
import { Prisma } from '@/server/db/generated/client';
import { directSql, prepared } from '@/server/db/direct-sql';
import { TEST_PG_URL, describeEachDatabase, useTestDatabase } from '@/tests/database';

describeEachDatabase('statements on the bare driver', (kind) => {
  const database = useTestDatabase(kind);

  it('runs a prepared statement again and again with new values, as a plain one', async () => {
    const { direct } = database();
    const twice = (n: number) => prepared('test-twice', Prisma.sql`SELECT (${n}::int * 2)::text AS twice`);
    for (const n of [1, 2, 3]) expect(await direct<{ twice: string }>(twice(n))).toEqual([{ twice: String(n * 2) }]);
    expect(await direct<{ twice: string }>(Prisma.sql`SELECT (${4}::int * 2)::text AS twice`)).toEqual([{ twice: '8' }]);
  });
});

it('prepares a named statement once on a PostgreSQL connection and executes it by name from then on', async () => {
  const pool = new pg.Pool({ connectionString: TEST_PG_URL, max: 1 });
  try {
    const direct = directSql({ pool });
    const statement = (n: number) => prepared('test-prepared-once', Prisma.sql`SELECT ${n}::int AS n`);
    await direct(statement(1));
    await direct(statement(2));
    const held = await direct<{ name: string; calls: string }>(
      Prisma.sql`SELECT name, generic_plans + custom_plans AS calls FROM pg_prepared_statements WHERE name = 'test-prepared-once'`,
    );
    expect(held).toEqual([{ name: 'test-prepared-once', calls: '2' }]);
    // A plain statement leaves nothing prepared behind.
    await direct(Prisma.sql`SELECT ${3}::int AS n`);
    expect(await direct(Prisma.sql`SELECT name FROM pg_prepared_statements`)).toHaveLength(1);
  } finally {
    await pool.end();
  }
});
