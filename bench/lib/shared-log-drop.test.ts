// A run drops the shared log only if it wrote it: a run that never needed the log (`--only pages`) must not
// drop another run's log from under it.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const dropped: string[] = [];
vi.mock('./bench-database', () => ({
  BENCH_PG_URL: 'postgresql://nobody@203.0.113.1:5432/none',
  dropPostgresDatabase: (name: string) => {
    dropped.push(name);
    return Promise.resolve();
  },
  freshPostgresDatabase: (name: string) => Promise.resolve({ kind: 'postgres', url: `postgresql://nobody@203.0.113.1:5432/${name}` }),
}));
vi.mock('./child', () => ({ runWorker: () => Promise.resolve('') }));
// Writing the log first removes log-tiles' copy of an earlier one: not this checkout's, in a test.
vi.mock('node:fs', async (original) => ({ ...(await original<typeof import('node:fs')>()), rmSync: () => undefined }));

describe('the end of a benchmark run and the shared log', () => {
  beforeEach(() => {
    dropped.length = 0;
    vi.resetModules();
  });

  it('leaves the log alone when this run did not write it', async () => {
    const { dropSharedLogDatabase } = await import('./shared-log-database');
    await dropSharedLogDatabase();
    expect(dropped).toEqual([]);
  });

  it('drops the log this run wrote, once', async () => {
    const { dropSharedLogDatabase, sharedLogDatabase } = await import('./shared-log-database');
    await sharedLogDatabase(1_000, () => undefined);
    dropped.length = 0; // writing it first dropped an earlier run's leftovers
    await dropSharedLogDatabase();
    await dropSharedLogDatabase();
    expect(dropped).toEqual(['consent_bench_log']);
  });
});
