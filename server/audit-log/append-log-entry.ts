import 'server-only';
import { randomBytes } from 'node:crypto';
import type { TLogEvent } from '@/server/audit-log/event-types';
import { personalCommitment } from '@/server/audit-log/entry-hashing';
import { nudgeIntegration } from '@/server/audit-log/integration-runner';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb, TTx } from '@/server/db/client';

/** Who acted, kept apart from the entry so that it can be erased when its retention period ends. */
export type TLogPersonal = {
  actorId: string;
  /** The member the entry is about, where that is not the actor. */
  subjectId?: string;
  /** Pseudonymised at the boundary (server/audit-log/pseudonymise-ip.ts); never a raw address. */
  ipPseudonym?: string;
};

export type TLogInput = {
  eventType: TLogEvent;
  consultationId?: string | null;
  /** Facts that prove the decision; no personal or health data. */
  payload: { [key: string]: TCanonicalValue };
  personal?: TLogPersonal;
};

export type TAppendedEntry = { queueId: bigint; recordedAt: Date };

function personalAsCanonical(personal: TLogPersonal): { [key: string]: TCanonicalValue } {
  const out: { [key: string]: TCanonicalValue } = { actorId: personal.actorId };
  if (personal.subjectId) out.subjectId = personal.subjectId;
  if (personal.ipPseudonym) out.ipPseudonym = personal.ipPseudonym;
  return out;
}

/**
 * Records one log entry inside the caller's transaction, so it commits or rolls back with the state
 * change it records. It is durable when the transaction commits; the integrator then gives it its
 * sequence number and chain hash, in batches (docs/decisions/0013). No global lock is taken here.
 */
export async function appendLogEntry(tx: TTx, input: TLogInput): Promise<TAppendedEntry> {
  const recordedAt = new Date();
  const personal = input.personal ? personalAsCanonical(input.personal) : null;
  const salt = personal ? randomBytes(32).toString('hex') : null;
  const queued = await tx.logQueueEntry.create({
    data: {
      recordedAt,
      eventType: input.eventType,
      consultationId: input.consultationId ?? null,
      payload: input.payload,
      personalCommitment: personal && salt ? personalCommitment(salt, personal) : null,
    },
    select: { id: true },
  });
  if (personal && salt) await tx.logEntryPersonal.create({ data: { queueId: queued.id, salt, data: personal } });
  return { queueId: queued.id, recordedAt };
}

/** A transaction that records log entries; once it has committed, the integrator is nudged. */
export async function loggedTransaction<T>(prisma: TDb, work: (tx: TTx) => Promise<T>): Promise<T> {
  const result = await prisma.$transaction(work);
  nudgeIntegration();
  return result;
}
