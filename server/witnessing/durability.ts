import 'server-only';
import type { TDb, TOpenDatabase } from '@/server/db/client';
import { env } from '@/server/env';

/**
 * With WITNESS_DURABILITY=sync-standby (docs/operations.md), a checkpoint goes to witnesses only while
 * PostgreSQL makes every commit wait for a synchronous standby: then the entries it covers, committed
 * before it was signed, are on the standby too, and a failover cannot lose what witnesses cosigned.
 * Returns null when that holds (or is not asked for), else what is missing.
 */
export async function durabilityProblem(
  prisma: TDb,
  database: Pick<TOpenDatabase, 'target'>,
  durability = env().WITNESS_DURABILITY,
): Promise<string | null> {
  if (durability !== 'sync-standby') return null;
  if (database.target.kind === 'pglite') return 'the embedded database has no standby';
  const [row] = await prisma.$queryRaw<{ commit: string; names: string; standbys: bigint }[]>`
    SELECT current_setting('synchronous_commit') AS commit,
           current_setting('synchronous_standby_names') AS names,
           (SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')) AS standbys`;
  if (!row) return 'could not read the replication settings';
  if (!['on', 'remote_apply'].includes(row.commit)) return `synchronous_commit is ${row.commit}, not on or remote_apply`;
  if (!row.names.trim()) return 'synchronous_standby_names is empty: commits do not wait for a standby';
  if (row.standbys === 0n) return 'no synchronous standby is connected';
  return null;
}
