import { routeActor } from '@/server/auth/route-actor';
import { MEMBER_KINDS } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { ZReceiptQueueId, getMemberReceipt } from '@/server/receipts/member-receipt';
import { jsonResponse } from '@/server/request/json-response';

/** The signed, machine-readable receipt as a file: the member's own only (404 otherwise), never cached. */
export async function GET(_request: Request, { params }: { params: Promise<{ queueId: string }> }) {
  const who = await routeActor(MEMBER_KINDS);
  if ('response' in who) return who.response;
  const queueId = ZReceiptQueueId.safeParse((await params).queueId);
  if (!queueId.success) return jsonResponse(404, { error: 'not-found' });
  const found = await getMemberReceipt(await db(), who.actor, queueId.data);
  if (!found) return jsonResponse(404, { error: 'not-found' });
  if (found.kind === 'unavailable')
    return jsonResponse(503, { error: 'log-not-signed', message: 'No checkpoint can be signed: LOG_SIGNING_KEY is not configured.' });
  return new Response(`${JSON.stringify(found.file, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="quittung-${queueId.data}.json"`,
      'cache-control': 'private, no-store',
    },
  });
}
