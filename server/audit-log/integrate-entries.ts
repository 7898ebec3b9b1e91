import 'server-only';
import { chainHash, leafHash } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';

export const INTEGRATION_BATCH = 1000;

/**
 * Moves queued entries into the chained log, oldest queue id first, up to `batch` per transaction:
 * dense sequence numbers, leaf and chain hashes, one multi-row insert (the database checks each
 * link and advances the head), and the queue rows deleted in the same transaction. The head's row
 * lock lets one integrator run at a time across all app instances. Returns how many were integrated.
 */
export async function integrateQueuedEntries(prisma: TDb, batch = INTEGRATION_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const integrated = await prisma.$transaction(async (tx) => {
      const [head] = await tx.$queryRaw<{ seq: bigint; chain_hash: string }[]>`
        SELECT seq, chain_hash FROM consent_log_head WHERE id = 1 FOR UPDATE`;
      if (!head) throw new Error('consent_log_head is missing: run the migrations');
      const queued = await tx.logQueueEntry.findMany({ orderBy: { id: 'asc' }, take: batch });
      if (queued.length === 0) return 0;
      let seq = head.seq;
      let previous = head.chain_hash;
      const entries = queued.map((q) => {
        seq += 1n;
        const fields = {
          seq,
          recordedAt: q.recordedAt,
          eventType: q.eventType,
          consultationId: q.consultationId,
          payload: q.payload as TCanonicalValue,
          personalCommitment: q.personalCommitment,
        };
        const leaf = leafHash(fields);
        previous = chainHash(previous, leaf);
        return { ...fields, payload: q.payload as object, queueId: q.id, leafHash: leaf, chainHash: previous };
      });
      await tx.logEntry.createMany({ data: entries });
      await tx.logQueueEntry.deleteMany({ where: { id: { in: queued.map((q) => q.id) } } });
      return queued.length;
    });
    total += integrated;
    if (integrated < batch) return total;
  }
}
