import type { TDb } from '@/server/db/client';
import { QUEUED_AND_CHAINED } from '@/tests/logged-entries';

/** Log entries about an account (queued or already in the chain), with their payload and personal row. */
export async function entriesAbout(prisma: TDb, accountId: string) {
  return prisma.$queryRaw<{ event_type: string; payload: Record<string, unknown>; personal: Record<string, string> }[]>`
    SELECT q.event_type, q.payload, p.data AS personal FROM ${QUEUED_AND_CHAINED} q
    JOIN consent_log_personal p ON p.queue_id = q.queue_id WHERE p.data->>'subjectId' = ${accountId} ORDER BY q.queue_id`;
}
