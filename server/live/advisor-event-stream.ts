import 'server-only';
import { actorForSession } from '@/server/auth/session-lookup';
import { subscribeToConsultationChanges } from '@/server/live/consultation-changes';

const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events for one signed-in advisor: "change" whenever one of their consultations changes
 * (consent, withdrawal, call, recording), in this or any other app instance. The events carry only the
 * consultation's id; the page then reloads what it shows through the data layer. A revoked or expired
 * session ends the stream at the next event or heartbeat; so do the browser leaving (`request`) and the
 * app shutting down (`shutdown`: the browser reconnects to another instance after `retry`). Closing
 * removes everything the stream added: its subscription, its timer and its listeners on both signals
 * (the shutdown signal lives as long as the process, so a listener left there would outlive the stream).
 */
export function advisorEventStream(
  advisor: { id: string; sessionId: string },
  signals: { request: AbortSignal; shutdown: AbortSignal },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close(); // the browser went away
        }
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already cancelled by the browser
        }
      };
      // The stream lives on only while the session does, and is not activity: it never moves the idle deadline.
      const stillSignedIn = async () => {
        const session = await actorForSession(advisor.sessionId, new Date(), { touch: false }).catch(() => null);
        if (session && session.idleExpiresAt.getTime() > Date.now()) return true;
        close();
        return false;
      };
      let unsubscribe: () => void;
      try {
        unsubscribe = await subscribeToConsultationChanges((change) => {
          if ('resync' in change || change.advisorId === advisor.id) {
            void stillSignedIn().then(
              (ok) =>
                ok &&
                send(`event: change\ndata: ${JSON.stringify('resync' in change ? {} : { consultationId: change.consultationId })}\n\n`),
            );
          }
        });
      } catch {
        send('event: unavailable\ndata: {}\n\n');
        close();
        return;
      }
      const heartbeat = setInterval(() => void stillSignedIn().then((ok) => ok && send(': heartbeat\n\n')), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        signals.request.removeEventListener('abort', close);
        signals.shutdown.removeEventListener('abort', close);
      };
      // Gone already while subscribing: nothing to listen for.
      if (signals.request.aborted || signals.shutdown.aborted) {
        close();
        return;
      }
      signals.request.addEventListener('abort', close);
      signals.shutdown.addEventListener('abort', close);
      // Tells the browser how soon to reconnect after a dropped connection.
      send('retry: 3000\n\n');
    },
    cancel() {
      cleanup();
    },
  });
}
