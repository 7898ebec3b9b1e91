import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openPglite } from '@/server/db/open-pglite';

const dir = mkdtempSync(path.join(tmpdir(), 'pglite-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// PGlite has no checkpointer process; without checkpoints of our own its WAL would grow until a write hangs.
it('checkpoints a file-backed database by itself while it is open, and stops when it is closed', async () => {
  const db = await openPglite(path.join(dir, 'data'), undefined, { checkpointEveryMs: 100 });
  const lsn = async (sql: string) => (await db.query<{ lsn: string }>(sql)).rows[0]!.lsn;
  const after = (a: string, b: string) => {
    const value = (x: string) => x.split('/').reduce((high, low) => high * 2n ** 32n + BigInt(`0x${low}`), 0n);
    return value(a) > value(b);
  };
  await db.exec('CREATE TABLE written (n int); INSERT INTO written SELECT generate_series(1, 10000)');
  const written = await lsn('SELECT pg_current_wal_insert_lsn()::text AS lsn');
  const deadline = Date.now() + 10_000;
  while (!after(await lsn('SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()'), written) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect(after(await lsn('SELECT checkpoint_lsn::text AS lsn FROM pg_control_checkpoint()'), written)).toBe(true);
  await db.close();
  // A timer left behind would run a query on a closed database and fail loudly here.
  await new Promise((resolve) => setTimeout(resolve, 300));
});
