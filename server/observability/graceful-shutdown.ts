import 'server-only';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { logger } from '@/server/logging/logger';

/**
 * Graceful shutdown for `next start` with NEXT_MANUAL_SIG_HANDLE=true (docs/decisions/0034). Next's
 * own handler closes the HTTP server and then exits with 143 at once, with no hook for the app's
 * cleanup; with the variable set Next leaves SIGTERM and SIGINT to us. The HTTP server is not handed
 * to application code, so it is learnt, and requests in flight are counted, through Node's
 * documented diagnostics channel for incoming requests.
 */

type TState = {
  shuttingDown: boolean;
  inFlight: number;
  servers: Set<Server>;
  background: Set<Promise<unknown>>;
  abort: AbortController;
  changed: (() => void) | null;
};

const holder = globalThis as typeof globalThis & { __consentGatewayShutdown?: TState };

function state(): TState {
  holder.__consentGatewayShutdown ??= {
    shuttingDown: false,
    inFlight: 0,
    servers: new Set(),
    background: new Set(),
    abort: new AbortController(),
    changed: null,
  };
  return holder.__consentGatewayShutdown;
}

/** How long in-flight requests and background tasks may take after the signal (orchestrators wait 30 s by default). */
export const SHUTDOWN_GRACE_MS = 20_000;

export function isShuttingDown(): boolean {
  return state().shuttingDown;
}

/** Aborted when shutdown begins: long-lived responses (the advisor's event stream) end, and browsers reconnect elsewhere. */
export function shutdownSignal(): AbortSignal {
  return state().abort.signal;
}

/** Work that outlives its response (Next's `after()`): shutdown waits for it within the grace period. */
export function trackBackgroundTask<T>(task: Promise<T>): Promise<T> {
  const { background } = state();
  background.add(task);
  const done = () => {
    background.delete(task);
    state().changed?.();
  };
  task.then(done, done);
  return task;
}

type TRequestStart = { request: IncomingMessage; response: ServerResponse; server: Server };

function onRequestStart(message: unknown): void {
  const s = state();
  const { response, server } = message as TRequestStart;
  s.servers.add(server);
  s.inFlight += 1;
  // 'close' follows both a finished response and one the client abandoned.
  response.once('close', () => {
    s.inFlight -= 1;
    // A kept-alive connection whose response is done would otherwise hold the closing server open.
    if (s.shuttingDown) server.closeIdleConnections();
    s.changed?.();
  });
}

/** Starts counting requests; the app calls it at start (instrumentation.ts). */
export function trackRequests(): void {
  const tracking = holder as { __consentGatewayTracking?: true };
  if (tracking.__consentGatewayTracking) return;
  tracking.__consentGatewayTracking = true;
  diagnostics.subscribe('http.server.request.start', onRequestStart);
}

async function settled(deadline: number): Promise<boolean> {
  const s = state();
  while (s.inFlight > 0 || s.background.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(left, 250));
      s.changed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    s.changed = null;
  }
  return true;
}

/**
 * Stops taking work, waits for requests in flight and background tasks (up to the grace period), then
 * runs `cleanup` (timers, last integration, database) and exits: 0 if all went well, 1 otherwise.
 */
export async function shutDown(signal: string, cleanup: () => Promise<void>, graceMs = SHUTDOWN_GRACE_MS): Promise<number> {
  const s = state();
  const log = logger().child({ task: 'shutdown' });
  s.shuttingDown = true;
  log.info(
    { signal, inFlight: s.inFlight, background: s.background.size },
    'shutting down: no new connections, finishing requests in flight',
  );
  s.abort.abort();
  for (const server of s.servers) {
    server.close();
    server.closeIdleConnections();
  }
  let code = 0;
  if (!(await settled(Date.now() + graceMs))) {
    log.warn({ inFlight: s.inFlight, background: s.background.size }, 'grace period over: closing the remaining connections');
    for (const server of s.servers) server.closeAllConnections();
    code = 1;
  }
  try {
    await cleanup();
  } catch (error) {
    log.error({ err: error }, 'cleanup failed during shutdown');
    code = 1;
  }
  log.info({ exitCode: code }, 'shut down');
  return code;
}

/** Handles SIGTERM and SIGINT once; a repeated signal (a shell's Ctrl-C reaches us twice) is ignored. */
export function handleShutdownSignals(cleanup: () => Promise<void>): void {
  let started = false;
  const handler = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    void shutDown(signal, cleanup).then((code) => process.exit(code));
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
