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
    if (parsed.success) hub().emitter.emit('change', { consultationId: parsed.data.c, advisorId: parsed.data.a } satisfies TConsultationChange);
  } catch {
    // Not ours: the channel carries only the trigger's JSON.
  }
}

/** On a PostgreSQL server: a dedicated connection (LISTEN holds it), reconnected after a loss. */
async function listenOnPostgres(url: string, h: THub): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'consent-gateway-live' });
  let lost = false;
  h.stop = async () => {
    lost = true;
    client.removeAllListeners();
    await client.end().catch(() => {});
  };
  const reconnect = () => {
    if (lost) return;
    lost = true;
    client.removeAllListeners();
    // Whatever happened while the connection was down is unknown: every page reloads its state.
    hub().emitter.emit('change', { resync: true } satisfies TConsultationChange);
    // A failed attempt schedules the next one itself.
    setTimeout(() => void listenOnPostgres(url, h).catch(() => {}), RECONNECT_MS).unref();
  };
  client.on('notification', (message) => {
    if (message.channel === CHANNEL && message.payload) publish(message.payload);
  });
  client.on('error', () => void client.end().catch(() => {}));
  client.on('end', reconnect);
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
  } catch (error) {
    reconnect();
    throw error;
  }
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
  h.started ??= start(h).catch((error: unknown) => {
    h.started = null;
    throw error;
  });
  await h.started;
  h.emitter.on('change', listener);
  return () => h.emitter.off('change', listener);
}
