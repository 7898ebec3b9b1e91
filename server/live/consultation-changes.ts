import 'server-only';
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import { openProcessDatabase } from '@/server/db/client';

/** A consultation changed (its consent, call or recording), or "resync": changes may have been missed. */
export type TConsultationChange = { consultationId: string; advisorId: string } | { resync: true };

const CHANNEL = 'consultation_changed';
const ZPayload = z.object({ c: z.uuid(), a: z.uuid() });
const RECONNECT_MS = 2_000;

type THub = { emitter: EventEmitter; started: Promise<void> | null; stop: () => Promise<void> };

// One listening connection per process, shared by every open page (on globalThis, like the database).
const holder = globalThis as typeof globalThis & { __consultationChanges?: THub };

function hub(): THub {
  holder.__consultationChanges ??= { emitter: new EventEmitter().setMaxListeners(0), started: null, stop: async () => {} };
  return holder.__consultationChanges;
}

function publish(raw: string): void {
  try {
    const parsed = ZPayload.safeParse(JSON.parse(raw));
    if (parsed.success)
      hub().emitter.emit('change', { consultationId: parsed.data.c, advisorId: parsed.data.a } satisfies TConsultationChange);
  } catch {
    // Not ours: the channel carries only the trigger's JSON.
  }
}

/**
 * On a PostgreSQL server: one dedicated connection (LISTEN holds it). After a loss one loop reconnects
 * until LISTEN works again, then tells every subscriber to resync: what changed meanwhile was not heard.
 * Resolves once listening; a failed first attempt keeps retrying in the background.
 */
function listenOnPostgres(url: string, h: THub): Promise<void> {
  let stopped = false;
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  h.stop = async () => {
    stopped = true;
    clearTimeout(retry);
    // An 'error' with no listener would throw: keep one that ignores the dying connection's last words.
    current?.removeAllListeners().on('error', () => {});
    await current?.end().catch(() => {});
  };
  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url, application_name: 'consent-gateway-live' });
    current = client;
    let lost = false;
    const onLoss = () => {
      if (lost || stopped) return;
      lost = true;
      client.removeAllListeners().on('error', () => {});
      void client.end().catch(() => {});
      const listening = () => {
        h.started = Promise.resolve(); // later subscribers no longer see the first attempt's failure
        h.emitter.emit('change', { resync: true } satisfies TConsultationChange);
      };
      retry = setTimeout(() => void connect().then(listening, () => {}), RECONNECT_MS);
      retry.unref();
    };
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) publish(message.payload);
    });
    client.on('error', onLoss);
    client.on('end', onLoss);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      onLoss();
      throw error;
    }
  };
  return connect();
}

async function start(h: THub): Promise<void> {
  const database = await openProcessDatabase();
  if (database.pglite) {
    const unlisten = await database.pglite.listen(CHANNEL, publish);
    h.stop = () => unlisten();
    return;
  }
  if (database.target.kind === 'postgres') await listenOnPostgres(database.target.url, h);
}

/** Stops listening (tests, and a process that switches databases); the next subscription starts again. */
export async function stopConsultationChanges(): Promise<void> {
  const h = holder.__consultationChanges;
  if (!h) return;
  holder.__consultationChanges = undefined;
  h.emitter.removeAllListeners();
  await h.started?.catch(() => {});
  await h.stop();
}

/**
 * Calls `listener` for every committed change to a consultation in any app instance (the database's
 * LISTEN/NOTIFY, fed by triggers). Returns the unsubscribe function. The change names only ids: a
 * listener must load what it may show through the data layer.
 */
export async function subscribeToConsultationChanges(listener: (change: TConsultationChange) => void): Promise<() => void> {
  const h = hub();
  // Started once per process; if the database is down at first, the listener keeps retrying on its own.
  h.started ??= start(h);
  await h.started.catch(() => {
    throw new Error('live updates are unavailable: the database cannot be reached');
  });
  h.emitter.on('change', listener);
  return () => h.emitter.off('change', listener);
}
