import { describe, expect, it } from 'vitest';
import { DEFAULT_POOL_SIZE, databaseTarget as targetOf } from '@/server/db/database-target';

const databaseTarget = (vars: Record<string, string>) => targetOf({ NODE_ENV: 'test', ...vars });

const URL = 'postgresql://app@db:5432/consent';

describe('databaseTarget', () => {
  it('gives a PostgreSQL target the pool size from DATABASE_POOL_SIZE, or the default', () => {
    expect(databaseTarget({ DATABASE_URL: URL, DATABASE_POOL_SIZE: '25' })).toEqual({ kind: 'postgres', url: URL, poolSize: 25 });
    expect(databaseTarget({ DATABASE_URL: URL })).toEqual({ kind: 'postgres', url: URL, poolSize: DEFAULT_POOL_SIZE });
  });

  it('refuses a pool size that is not a whole number from 1 to 200, naming the variable', () => {
    for (const bad of ['0', '-3', '2.5', 'ten', '201']) {
      expect(() => databaseTarget({ DATABASE_URL: URL, DATABASE_POOL_SIZE: bad }), bad).toThrow(
        /DATABASE_POOL_SIZE must be a whole number from 1 to 200/,
      );
    }
  });

  it('keeps the embedded database without a pool', () => {
    expect(databaseTarget({ PGLITE_DATA_DIR: './data/x' })).toEqual({ kind: 'pglite', dataDir: './data/x' });
  });

  it('takes empty variables as unset, as process managers pass them', () => {
    expect(databaseTarget({ DATABASE_URL: URL, PGLITE_DATA_DIR: '' })).toEqual({ kind: 'postgres', url: URL, poolSize: DEFAULT_POOL_SIZE });
    expect(databaseTarget({ DATABASE_URL: '', PGLITE_DATA_DIR: '' })).toEqual({ kind: 'pglite', dataDir: './data/pglite' });
    expect(databaseTarget({})).toEqual({ kind: 'pglite', dataDir: './data/pglite' });
  });
});
