import { jsonResponse } from '@/server/request/json-response';
import { readBodyText } from '@/server/request/read-form';
import { handleLiveKitWebhook } from '@/server/call/livekit-webhook';

/** LiveKit's deliveries are small; anything larger is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * LiveKit's webhook (configure this address in LiveKit's `webhook.urls`). No session: the delivery
 * proves itself by its signature, checked before anything in it is read (server/call/livekit-webhook.ts).
 */
export async function POST(request: Request) {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // LiveKit sends its own media type so that nothing parses the body before the signature is checked.
  if (type !== 'application/webhook+json' && type !== 'application/json') return jsonResponse(415, { error: 'unsupported-media-type' });
  const body = await readBodyText(request, MAX_WEBHOOK_BYTES);
  if (!body.ok) return jsonResponse(413, { error: 'too-large' });
  const outcome = await handleLiveKitWebhook(body.text, request.headers.get('authorization'));
  return 'rejected' in outcome
    ? jsonResponse(outcome.status, { error: outcome.rejected })
    : jsonResponse(200, { handled: outcome.handled });
}
