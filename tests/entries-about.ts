import type { TDb } from '@/server/db/client';

/** Log entries about an account (queued or already in the chain), with their payload and personal row. */
export async function entriesAbout(prisma: TDb, accountId: string) {
  return prisma.$queryRaw<{ event_type: string; payload: Record<string, unknown>; personal: Record<string, string> }[]>`
    SELECT q.event_type, q.payload, p.data AS personal FROM (
      SELECT id, event_type, payload FROM consent_log_queue UNION ALL SELECT queue_id, event_type, payload FROM consent_log
    ) q JOIN consent_log_personal p ON p.queue_id = q.id WHERE p.data->>'subjectId' = ${accountId} ORDER BY q.id`;
}
