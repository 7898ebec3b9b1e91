import 'server-only';
import { chainHash, entryCanonicalText, leafHashOfText } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';

export const INTEGRATION_BATCH = 1000;

type TQueued = {
  id: bigint;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  payload: TCanonicalValue;
  personalCommitment: string | null;
};

/**
 * Moves queued entries into the chained log, oldest queue id first, up to `batch` per transaction:
 * dense sequence numbers, leaf and chain hashes, one insert for the batch (the database checks every
 * link and advances the head), and the queue rows deleted in the same transaction. The head's row
 * lock lets one integrator run at a time across all app instances. Returns how many were integrated.
 */
export async function integrateQueuedEntries(prisma: TDb, batch = INTEGRATION_BATCH): Promise<number> {
  let total = 0;
  // An idle sweep costs one indexed look, not a transaction holding the head's lock.
  if (!(await prisma.logQueueEntry.findFirst({ select: { id: true } }))) return 0;
  for (;;) {
    const integrated = await prisma.$transaction(async (tx) => {
      const [head] = await tx.$queryRaw<{ seq: bigint; chain_hash: string }[]>`
        SELECT seq, chain_hash FROM consent_log_head WHERE id = 1 FOR UPDATE`;
      if (!head) throw new Error('consent_log_head is missing: run the migrations');
      const queued = await tx.$queryRaw<TQueued[]>`
        SELECT id, recorded_at AS "recordedAt", event_type AS "eventType", consultation_id AS "consultationId", payload,
          personal_commitment AS "personalCommitment"
        FROM consent_log_queue ORDER BY id LIMIT ${batch}`;
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
          payload: q.payload,
          personalCommitment: q.personalCommitment,
        };
        const canonical = entryCanonicalText(fields);
        const leaf = leafHashOfText(canonical);
        previous = chainHash(previous, leaf);
        return { queueId: q.id, seq, canonical, leafHash: leaf, chainHash: previous };
      });
      // One INSERT for the batch: each entry is its bytes (the database generates the fields from them), its
      // sequence number and hashes (Prisma's createMany spends ten times longer building the same statement).
      await tx.$executeRaw`
        INSERT INTO consent_log (seq, queue_id, leaf_hash, chain_hash, canonical)
        SELECT n.seq, n.queue_id, n.leaf_hash, n.chain_hash, convert_to(n.canonical, 'UTF8')
        FROM unnest(
          ${entries.map((e) => e.queueId.toString())}::bigint[],
          ${entries.map((e) => e.seq.toString())}::bigint[],
          ${entries.map((e) => e.leafHash)}::text[],
          ${entries.map((e) => e.chainHash)}::text[],
          ${entries.map((e) => e.canonical)}::text[]) AS n(queue_id, seq, leaf_hash, chain_hash, canonical)
        ORDER BY n.seq`;
      await tx.$executeRaw`DELETE FROM consent_log_queue WHERE id = ANY(${queued.map((q) => q.id.toString())}::bigint[])`;
      return queued.length;
    });
    total += integrated;
    if (integrated < batch) return total;
  }
}
