import 'server-only';

type TBackgroundWork = {
  /** Stops the job's timer and resolves once a run under way is done. */
  stop: () => Promise<void>;
  /** Work left to finish once every job has stopped (it runs after all `stop`s, one job at a time). */
  finish?: () => Promise<void>;
};

// On globalThis, like the jobs' own timers: Next may load a module once per bundle, and the shutdown
// must see the jobs the start registered.
const holder = globalThis as typeof globalThis & { __backgroundWork?: Map<string, TBackgroundWork> };

function registry(): Map<string, TBackgroundWork> {
  return (holder.__backgroundWork ??= new Map<string, TBackgroundWork>());
}

/**
 * A background job says how it stops when it starts, so the shutdown below stops every job without
 * importing any of them: this layer stays below the domains (docs/architecture.md).
 */
export function registerBackgroundWork(name: string, work: TBackgroundWork): void {
  registry().set(name, work);
}

/**
 * The app's last steps before it exits: stop every registered job (letting a run under way finish), let
 * each finish what it left (the log integrates what is still queued), then `close` the database
 * (PGlite releases its directory lock).
 */
export async function stopBackgroundWork(close: () => Promise<void>): Promise<void> {
  const works = [...registry().values()];
  registry().clear();
  try {
    await Promise.all(works.map((work) => work.stop()));
    for (const work of works) await work.finish?.();
  } finally {
    // What a failed finish left stays durable (queued entries: the next start's sweep integrates them).
    await close();
  }
}
