import { getActor, isRestricted } from '@/server/auth/current-actor';
import { advisorEventStream } from '@/server/live/advisor-event-stream';
import { shutdownSignal } from '@/server/observability/graceful-shutdown';

/** The signed-in advisor's live updates (server/live/advisor-event-stream.ts). */
export async function GET(request: Request) {
  const actor = await getActor();
  if (!actor || isRestricted(actor)) return new Response('Sign in first.', { status: 401 });
  if (actor.kind !== 'ADVISOR') return new Response('Not found.', { status: 404 });
  const stream = advisorEventStream({ id: actor.id, sessionId: actor.sessionId }, { request: request.signal, shutdown: shutdownSignal() });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
