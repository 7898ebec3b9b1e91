import { getActor, isRestricted } from '@/server/auth/current-actor';
import { actorForSession } from '@/server/auth/session-lookup';
import { subscribeToConsultationChanges } from '@/server/live/consultation-changes';
import { shutdownSignal } from '@/server/observability/graceful-shutdown';

const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events for the signed-in advisor: "change" whenever one of their consultations changes
 * (consent, withdrawal, call, recording), in this or any other app instance. The events carry only the
 * consultation's id; the page then reloads what it shows through the data layer. A revoked or expired
 * session ends the stream at the next event or heartbeat.
 */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || isRestricted(actor)) return new Response('Sign in first.', { status: 401 });
  if (actor.kind !== 'ADVISOR') return new Response('Not found.', { status: 404 });

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
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
        const session = await actorForSession(actor.sessionId, new Date(), { touch: false }).catch(() => null);
        if (session && session.idleExpiresAt.getTime() > Date.now()) return true;
        close();
        return false;
      };
      let unsubscribe: () => void;
      try {
        unsubscribe = await subscribeToConsultationChanges((change) => {
          if ('resync' in change || change.advisorId === actor.id) {
            void stillSignedIn().then((ok) => ok && send(`event: change\ndata: ${JSON.stringify('resync' in change ? {} : { consultationId: change.consultationId })}\n\n`));
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
      };
      request.signal.addEventListener('abort', close);
      // The app is shutting down: end the stream; the browser reconnects (to another instance) after `retry`.
      shutdownSignal().addEventListener('abort', close);
      // Tells the browser how soon to reconnect after a dropped connection.
      send('retry: 3000\n\n');
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
  });
}
