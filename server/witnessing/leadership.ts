import 'server-only';
import pg from 'pg';
import type { TOpenDatabase } from '@/server/db/client';
import { logger } from '@/server/logging/logger';

// An arbitrary constant naming "the instance that signs checkpoints and talks to witnesses" among advisory locks.
const LEADER_LOCK_KEY = 6_056_001;

export type TLeadership = { isLeader(): Promise<boolean>; release(): Promise<void> };

/**
 * One instance at a time signs checkpoints and submits them (tlog-witness asks for one submitter per
 * log): on a PostgreSQL server, the instance holding a session advisory lock on a connection of its
 * own; when that connection breaks the lock is free and another instance takes it at its next try.
 * On the embedded database only this process can open it.
 */
export function createLeadership(database: Pick<TOpenDatabase, 'target'>): TLeadership {
  const { target } = database;
  if (target.kind === 'pglite') return { isLeader: () => Promise.resolve(true), release: () => Promise.resolve() };
  let client: pg.Client | null = null;
  let leading = false;

  const drop = () => {
    const old = client;
    client = null;
    leading = false;
    void old?.end().catch(() => undefined);
  };

  return {
    async isLeader() {
      if (leading && client) return true;
      try {
        if (!client) {
          client = new pg.Client({ connectionString: target.url, application_name: 'consent-log-witnessing' });
          client.on('error', (error) => {
            logger().warn({ err: error, task: 'witnessing' }, 'the leader connection broke; another instance may take over');
            drop();
          });
          await client.connect();
        }
        const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [LEADER_LOCK_KEY]);
        leading = rows[0]?.locked === true;
        return leading;
      } catch (error) {
        logger().warn({ err: error, task: 'witnessing' }, 'could not ask for the leader lock; will retry');
        drop();
        return false;
      }
    },
    async release() {
      const old = client;
      client = null;
      leading = false;
      // Ending the session frees its advisory lock.
      await old?.end().catch(() => undefined);
    },
  };
}
