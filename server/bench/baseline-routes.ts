import 'server-only';
import pg from 'pg';

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
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('the insert baseline needs DATABASE_URL');
  holder.__benchInsertPool ??= new pg.Pool({ connectionString: url, max: 10 });
  await holder.__benchInsertPool.query('INSERT INTO bench_insert (created_at, payload) VALUES (now(), $1)', [{ choice: 'consent', n: 1 }]);
}
