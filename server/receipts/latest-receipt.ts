import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import { RECEIPT_EVENTS } from '@/server/receipts/receipt-format';

/**
 * The queue id of the newest decision or withdrawal on the member's consultation, integrated or still
 * queued (the receipt page integrates it), for the consultation page's receipt link; null if none.
 * Scoped by the consultation's member: on someone else's consultation there is nothing.
 */
export async function latestReceiptQueueId(prisma: TDb, actor: TActor, consultationId: string): Promise<bigint | null> {
  const rows = await prisma.$queryRaw<{ id: bigint | null }[]>`
    SELECT GREATEST(
      (SELECT max(l.queue_id) FROM consent_log l WHERE l.consultation_id = c.id AND l.event_type IN (${Prisma.join(RECEIPT_EVENTS)})),
      (SELECT max(q.id) FROM consent_log_queue q WHERE q.consultation_id = c.id AND q.event_type IN (${Prisma.join(RECEIPT_EVENTS)}))) AS id
    FROM consultation c WHERE c.id = ${consultationId}::uuid AND c.member_id = ${actor.id}::uuid`;
  return rows[0]?.id ?? null;
}
