import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { DEFAULT_POOL_SIZE, type TDatabaseTarget } from '@/server/db/database-target';
import { type TDirectSql, directSql } from '@/server/db/direct-sql';
import { openPglite } from '@/server/db/open-pglite';
import { logger } from '@/server/logging/logger';

type TScriptRunner = (script: string) => Promise<unknown>;
type TAdapterInternals = SqlDriverAdapter & { client: { query: TScriptRunner; exec?: TScriptRunner }; onError(e: unknown): never };

/**
 * Runs a migration script as one simple-protocol batch. The stock adapters fall short here:
 * @prisma/adapter-pg splits scripts on ";" (which breaks plpgsql `$$` bodies) and the PGlite adapter
 * does not await exec(), so errors escape and the next step starts too early.
 */
function runWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const internals = adapter as TAdapterInternals;
  const run: TScriptRunner = internals.client.exec
    ? internals.client.exec.bind(internals.client)
    : internals.client.query.bind(internals.client);
  internals.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (error) {
      internals.onError(error);
    }
  };
  return internals;
}

function withWholeScripts(factory: SqlMigrationAwareDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runWholeScripts(await factory.connect()),
    connectToShadowDb: async () => runWholeScripts(await factory.connectToShadowDb()),
  };
}

export type TOpenedAdapter = {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** The PGlite instance where the target is embedded; null on a PostgreSQL server. */
  pglite: PGlite | null;
  /** Single statements on the same driver, without Prisma (server/db/direct-sql.ts). */
  direct: TDirectSql;
  /** Ends the PostgreSQL pool or closes the PGlite instance (which releases its directory). */
  close: () => Promise<void>;
};

export async function openDriverAdapter(target: TDatabaseTarget, options: { poolSize?: number } = {}): Promise<TOpenedAdapter> {
  if (target.kind === 'postgres') {
    // One pool for Prisma and the direct statements; its size from DATABASE_POOL_SIZE unless the caller
    // needs a fixed one (the migration command uses one connection). The name shows in pg_stat_activity.
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.poolSize ?? target.poolSize ?? DEFAULT_POOL_SIZE,
      application_name: 'consent-gateway',
      // During a failover the old primary's address may swallow packets instead of refusing them: without a
      // limit a request would wait for the kernel's TCP timeout (minutes). Ten seconds is far above any wait
      // for a free connection under load here (bench/results.md), and keepalive finds dead idle connections.
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    // An idle connection the server drops must not crash the process; the pool replaces it on next use.
    pool.on('error', (error) => logger().warn({ err: error }, 'database connection lost (idle); the pool reconnects on next use'));
    const factory = new PrismaPg(pool);
    const close = async () => {
      if (!pool.ending) await pool.end();
    };
    return { factory: withWholeScripts(factory), pglite: null, direct: directSql({ pool }), close };
  }
  const pglite = await openPglite(target.dataDir, target.startFrom);
  const factory = new PrismaPGlite(pglite) as unknown as SqlMigrationAwareDriverAdapterFactory;
  return { factory: withWholeScripts(factory), pglite, direct: directSql({ pglite }), close: () => pglite.close() };
}
