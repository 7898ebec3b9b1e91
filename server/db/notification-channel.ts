import 'server-only';
import pg from 'pg';
import type { TOpenDatabase } from '@/server/db/client';

const RECONNECT_MS = 2_000;

export type TChannelHandlers = {
  /** A notification's payload, as the trigger sent it (not yet parsed: the channel is not input we trust blindly). */
  onMessage: (payload: string) => void;
  /** The connection is gone: notifications sent from now on are not heard until `onRelistening`. */
  onLost?: () => void;
  /** Listening again after a loss: whatever was announced meanwhile was missed. */
  onRelistening?: () => void;
};

/**
 * On a PostgreSQL server: one dedicated connection (LISTEN holds it). After a loss one loop reconnects
 * until LISTEN works again. Resolves once listening; a failed first attempt rejects and keeps retrying
 * in the background.
 */
function listenOnPostgres(url: string, channel: string, applicationName: string, handlers: TChannelHandlers) {
  let stopped = false;
  let current: pg.Client | null = null;
  let listening: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;
  const stop = async () => {
    stopped = true;
    clearTimeout(retry);
    // An 'error' with no listener would throw: keep one that ignores the dying connection's last words.
    current?.removeAllListeners().on('error', () => {});
    await current?.end().catch(() => {});
  };
  const connect = async (): Promise<void> => {
    // keepAlive: a peer that vanished without closing the connection is noticed, and counts as a loss.
    const client = new pg.Client({ connectionString: url, application_name: applicationName, keepAlive: true });
    current = client;
    let lost = false;
    const onLoss = () => {
      if (lost || stopped) return;
      lost = true;
      if (listening === client) listening = null;
      client.removeAllListeners().on('error', () => {});
      void client.end().catch(() => {});
      handlers.onLost?.();
      retry = setTimeout(
        () =>
          void connect().then(
            () => handlers.onRelistening?.(),
            () => {},
          ),
        RECONNECT_MS,
      );
      retry.unref();
    };
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) handlers.onMessage(message.payload);
    });
    client.on('error', onLoss);
    client.on('end', onLoss);
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      listening = client;
    } catch (error) {
      onLoss();
      throw error;
    }
  };
  const roundTrip = async (): Promise<boolean> => {
    const client = listening;
    if (!client) return false;
    try {
      await client.query('SELECT 1');
      return listening === client;
    } catch {
      return false;
    }
  };
  return { started: connect(), stop, heardAllCommitted: coalesced(roundTrip) };
}

/**
 * Shares round trips among callers: a caller joins the next one not yet sent (it starts after the caller
 * asked), so however many ask at once, at most one is under way and one waits.
 */
export function coalesced(roundTrip: () => Promise<boolean>): () => Promise<boolean> {
  let underWay: Promise<boolean> | null = null;
  let next: Promise<boolean> | null = null;
  const send = (): Promise<boolean> => {
    const sent = roundTrip().finally(() => {
      if (underWay === sent) underWay = null;
    });
    underWay = sent;
    return sent;
  };
  return () => {
    if (next) return next;
    if (!underWay) return send();
    const waitingFor = underWay;
    next = waitingFor.then(() => {
      next = null;
      return send();
    });
    return next;
  };
}

export type TChannelListener = {
  /** Resolves once listening; if it rejects, a server connection keeps retrying until `stop`. */
  started: Promise<void>;
  stop: () => Promise<void>;
  /**
   * Resolves true once every notification of a transaction committed before the call has been handed to
   * `onMessage`; false if that cannot be known (not listening). On a server: one round trip on the listening
   * connection, since PostgreSQL signals listeners at commit, before it acknowledges the commit, and a
   * listening connection sends what it was signalled before it answers the next query. PGlite hands
   * notifications over before the committing query resolves: nothing to wait for.
   */
  heardAllCommitted: () => Promise<boolean>;
};

/**
 * Hears every notification on `channel` (sent by triggers, at commit, from any app instance): on the
 * embedded database through PGlite's own listener, on a server through one dedicated connection that
 * reconnects after a loss. `channel` is our constant, never input.
 */
export function listenToChannel(
  database: Pick<TOpenDatabase, 'pglite' | 'target'>,
  channel: string,
  applicationName: string,
  handlers: TChannelHandlers,
): TChannelListener {
  if (database.pglite) {
    const unlisten = database.pglite.listen(channel, handlers.onMessage);
    return { started: unlisten.then(() => {}), stop: async () => (await unlisten)(), heardAllCommitted: () => Promise.resolve(true) };
  }
  if (database.target.kind !== 'postgres') throw new Error('no database to listen on');
  return listenOnPostgres(database.target.url, channel, applicationName, handlers);
}
