import 'server-only';
import pg from 'pg';
import { openProcessDatabase } from '@/server/db/client';

/**
 * The benchmark's yardsticks run inside the real server only when BENCH_BASELINE_ROUTES=1 (set by
 * `npm run bench`, never in production): elsewhere the routes answer 404 (docs/decisions/0014).
 */
export function baselineRoutesEnabled(): boolean {
  return process.env.BENCH_BASELINE_ROUTES === '1';
}

const holder = globalThis as typeof globalThis & { __benchInsertPool?: pg.Pool };

/** One plain single-row INSERT on the driver: the cheapest durable write a route can do. */
export async function plainInsert(): Promise<void> {
  const sql = 'INSERT INTO bench_insert (created_at, payload) VALUES (now(), $1)';
  const params = [{ choice: 'consent', n: 1 }];
  const { pglite, target } = await openProcessDatabase();
  if (pglite) {
    await pglite.query(sql, params);
    return;
  }
  if (target.kind !== 'postgres') return;
  holder.__benchInsertPool ??= new pg.Pool({ connectionString: target.url, max: 10 });
  await holder.__benchInsertPool.query(sql, params);
}
