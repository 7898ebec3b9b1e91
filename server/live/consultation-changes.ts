import 'server-only';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { openProcessDatabase } from '@/server/db/client';
import { listenToChannel } from '@/server/db/notification-channel';

/** A consultation changed (its consent, call or recording), or "resync": changes may have been missed. */
export type TConsultationChange = { consultationId: string; advisorId: string } | { resync: true };

const CHANNEL = 'consultation_changed';
const ZPayload = z.object({ c: z.uuid(), a: z.uuid() });

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

async function start(h: THub): Promise<void> {
  const listener = listenToChannel(await openProcessDatabase(), CHANNEL, 'consent-gateway-live', {
    onMessage: publish,
    onRelistening: () => {
      h.started = Promise.resolve(); // later subscribers no longer see the first attempt's failure
      h.emitter.emit('change', { resync: true } satisfies TConsultationChange);
    },
  });
  h.stop = listener.stop;
  await listener.started;
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

/** How many listeners this process holds (one per open event stream): the soak benchmark checks none is left behind. */
export function consultationChangeListeners(): number {
  return holder.__consultationChanges?.emitter.listenerCount('change') ?? 0;
}
