import 'server-only';
import { z } from 'zod';
import type { TOpenDatabase } from '@/server/db/client';
import { listenToChannel } from '@/server/db/notification-channel';

/** Announced by the database's triggers on every change to a session, an account or a second factor (migration 20261206053000). */
export const SESSION_CHANNEL = 'session_changed';

/** '*' (a table was emptied), 's:<session id>' or 'a:<account id>'. */
const ZChange = z.union([z.literal('*'), z.string().regex(/^[sa]:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)]);

/** Bounds what one process keeps: about one row per signed-in person using this instance. */
const MAX_ENTRIES = 10_000;
/**
 * A row is read again after this long even if no change was announced: the bound on a stale row should
 * a notification ever be lost without the connection noticing (docs/decisions/0073).
 */
const TTL_MS = 60_000;

type TEntry<Row> = { row: Row; storedAt: number };

export type TSessionCache<Row extends { accountId: string }> = {
  /** The session's row, from this process's memory while no change to it was announced, else from `load`. */
  lookup(sessionId: string, load: () => Promise<Row | null>): Promise<Row | null>;
  /** How lookups were answered since the start (tests and the benchmark). */
  stats(): { hits: number; misses: number; entries: number; listening: boolean; changesHeard: number; lastChange: string | null };
  stop(): Promise<void>;
};

/**
 * A per-process cache of session lookups that every instance empties at once when a session, its account
 * or its second factor changes: the triggers announce each change at commit, on one channel every
 * instance listens to. A kept row is used only after every change committed before the lookup was heard.
 * While that channel is not heard (not yet started, or its connection lost), nothing is kept and every
 * lookup reads the table. A read that began before a change was announced is never kept: each
 * announcement moves a generation the read must still see when it finishes.
 */
export function createSessionCache<Row extends { accountId: string }>(
  database: Pick<TOpenDatabase, 'pglite' | 'target'>,
  options: { cacheable: (row: Row) => boolean },
): TSessionCache<Row> {
  const entries = new Map<string, TEntry<Row>>();
  let generation = 0;
  let listening = false;
  let hits = 0;
  let misses = 0;
  let changesHeard = 0;
  let lastChange: string | null = null;

  const forgetAll = () => {
    generation++;
    entries.clear();
  };
  const forget = (payload: string) => {
    changesHeard++;
    lastChange = payload;
    const change = ZChange.safeParse(payload);
    // Whatever this is, something changed: forgetting everything is always safe.
    if (!change.success || change.data === '*') {
      forgetAll();
      return;
    }
    generation++;
    const id = change.data.slice(2);
    if (change.data.startsWith('s:')) entries.delete(id);
    else for (const [sessionId, entry] of entries) if (entry.row.accountId === id) entries.delete(sessionId);
  };

  const listener = listenToChannel(database, SESSION_CHANNEL, 'consent-gateway-sessions', {
    onMessage: forget,
    onLost: () => {
      listening = false;
      forgetAll();
    },
    onRelistening: () => {
      forgetAll();
      listening = true;
    },
  });
  listener.started.then(
    () => {
      forgetAll();
      listening = true;
    },
    // The connection keeps retrying; until it listens, every lookup reads the table.
    () => {},
  );

  return {
    async lookup(sessionId, load) {
      // Before a kept row is used, every change committed before this lookup must have been heard (one
      // shared round trip on the listening connection): a sign-out answered a moment ago, on this instance
      // or another, is then already forgotten here.
      const kept = listening ? entries.get(sessionId) : undefined;
      const entry =
        kept && Date.now() - kept.storedAt < TTL_MS && (await listener.heardAllCommitted()) ? entries.get(sessionId) : undefined;
      if (entry && listening) {
        hits++;
        return entry.row;
      }
      misses++;
      const readFrom = generation;
      const row = await load();
      if (!row || !options.cacheable(row)) entries.delete(sessionId);
      else if (listening && generation === readFrom) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
        entries.set(sessionId, { row, storedAt: Date.now() });
      }
      return row;
    },
    stats: () => ({ hits, misses, entries: entries.size, listening, changesHeard, lastChange }),
    async stop() {
      listening = false;
      forgetAll();
      await listener.stop();
    },
  };
}
