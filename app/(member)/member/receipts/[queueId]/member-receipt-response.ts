import { MEMBER_KINDS } from '@/server/auth/current-actor';
import { routeActor } from '@/server/auth/route-actor';
import { db } from '@/server/db/client';
import { ZReceiptQueueId, getMemberReceipt } from '@/server/receipts/member-receipt';
import type { TReceiptFile, TReceiptV2 } from '@/server/receipts/receipt-format';
import { jsonResponse } from '@/server/request/json-response';

type TFormat = {
  file: string;
  contentType: string;
  body: (file: TReceiptFile & { receipt: TReceiptV2 }) => string | null | Promise<string | null>;
};

/**
 * A receipt as a downloadable file in one of its formats: the member's own only (404 otherwise, also for
 * a format the receipt has no view in), 503 while no checkpoint can be signed, never cached.
 */
export async function memberReceiptFile(params: Promise<{ queueId: string }>, format: TFormat): Promise<Response> {
  const who = await routeActor(MEMBER_KINDS);
  if ('response' in who) return who.response;
  const queueId = ZReceiptQueueId.safeParse((await params).queueId);
  if (!queueId.success) return jsonResponse(404, { error: 'not-found' });
  const found = await getMemberReceipt(await db(), who.actor, queueId.data);
  if (!found) return jsonResponse(404, { error: 'not-found' });
  if (found.kind === 'unavailable')
    return jsonResponse(503, { error: 'log-not-signed', message: 'No checkpoint can be signed: LOG_SIGNING_KEY is not configured.' });
  const body = await format.body(found.file);
  if (body === null) return jsonResponse(404, { error: 'no-such-format', message: 'This receipt has no view in that format.' });
  return new Response(body, {
    headers: {
      'content-type': format.contentType,
      'content-disposition': `attachment; filename="quittung-${queueId.data}${format.file}"`,
      'cache-control': 'private, no-store',
    },
  });
}
