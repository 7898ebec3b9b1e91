import 'server-only';
import { randomBytes } from 'node:crypto';
import type { TLogEvent } from '@/server/audit-log/event-types';
import { personalCommitmentOfBytes } from '@/server/audit-log/entry-hashing';
import { nudgeIntegration } from '@/server/audit-log/integration-nudge';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import type { TDb, TTx } from '@/server/db/client';
import { type TDirectSql, prepared } from '@/server/db/direct-sql';
import { Prisma } from '@/server/db/generated/client';

/** Who acted, kept apart from the entry so that it can be erased when its retention period ends. */
export type TLogPersonal = {
  actorId: string;
  /** The member the entry is about, where that is not the actor. */
  subjectId?: string;
  /** The colleague a consultation was handed to: an account id, so erasable like the actor's. */
  recipientId?: string;
  /** Pseudonymised at the boundary (server/audit-log/pseudonymise-ip.ts); never a raw address. */
  ipPseudonym?: string;
  /** Why a compliance officer read personal data, in their words (optional; erased with the rest). */
  reason?: string;
  /** SHA-256 of the served-disclosure token a decision was made on (the token names the member). */
  servedTokenDigest?: string;
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
  if (personal.recipientId) out.recipientId = personal.recipientId;
  if (personal.ipPseudonym) out.ipPseudonym = personal.ipPseudonym;
  if (personal.reason) out.reason = personal.reason;
  if (personal.servedTokenDigest) out.servedTokenDigest = personal.servedTokenDigest;
  return out;
}

/**
 * The common table expressions that queue one entry, and its personal row, as part of a larger
 * statement: `queued(id, recorded_at)` is the queued row. One row from `source` queues the entry;
 * none, and nothing is written. Lets a hot path change its state and log it in one statement (one
 * round trip, no interactive transaction). The time is the database's when the row is written, so
 * it is taken after any lock the statement waited for.
 */
export function queueEntryCtes(input: TLogInput, source: Prisma.Sql): Prisma.Sql {
  const consultationId = input.consultationId ?? null;
  const payload = JSON.stringify(input.payload);
  if (!input.personal) {
    return Prisma.sql`queued AS (
        INSERT INTO consent_log_queue (recorded_at, event_type, consultation_id, payload)
        SELECT clock_timestamp(), ${input.eventType}, ${consultationId}::uuid, ${payload}::jsonb FROM ${source}
        RETURNING id, recorded_at)`;
  }
  const personal = canonicalJson(personalAsCanonical(input.personal));
  const salt = randomBytes(32).toString('hex');
  return Prisma.sql`queued AS (
        INSERT INTO consent_log_queue (recorded_at, event_type, consultation_id, payload, personal_commitment)
        SELECT clock_timestamp(), ${input.eventType}, ${consultationId}::uuid, ${payload}::jsonb, ${personalCommitmentOfBytes(salt, personal)} FROM ${source}
        RETURNING id, recorded_at),
      personal AS (
        INSERT INTO consent_log_personal (queue_id, salt, canonical)
        SELECT id, ${salt}, convert_to(${personal}, 'UTF8') FROM queued)`;
}

/**
 * Records one log entry inside the caller's transaction, so it commits or rolls back with the state
 * change it records. It is durable when the transaction commits; the integrator then gives it its
 * sequence number and chain hash, in batches (docs/decisions/0013). No global lock is taken here.
 */
export async function appendLogEntry(tx: TTx, input: TLogInput): Promise<TAppendedEntry> {
  const ctes = queueEntryCtes(input, Prisma.sql`(SELECT 1) AS one_row`);
  // One statement for the entry and its personal row: every round trip counts.
  const [row] = await tx.$queryRaw<{ id: bigint; recorded_at: Date }[]>`WITH ${ctes} SELECT id, recorded_at FROM queued`;
  return { queueId: row!.id, recordedAt: row!.recorded_at };
}

/**
 * Records one entry that comes with no state change of its own (a read of personal data, an export):
 * one statement, its own transaction, durable when this resolves. Then the integrator is nudged.
 */
export async function appendLogEntryAlone(direct: TDirectSql, input: TLogInput): Promise<TAppendedEntry> {
  const ctes = queueEntryCtes(input, Prisma.sql`(SELECT 1) AS one_row`);
  // Prepared once per connection (0064): the text depends only on whether there is a personal row.
  const statement = Prisma.sql`WITH ${ctes} SELECT id::text AS id, recorded_at FROM queued`;
  const [row] = await direct<{ id: string; recorded_at: Date }>(
    prepared(input.personal ? 'append-entry' : 'append-impersonal-entry', statement),
  );
  nudgeIntegration();
  return { queueId: BigInt(row!.id), recordedAt: row!.recorded_at };
}

/** A transaction that records log entries; once it has committed, the integrator is nudged. */
export async function loggedTransaction<T>(prisma: TDb, work: (tx: TTx) => Promise<T>): Promise<T> {
  const result = await prisma.$transaction(work);
  nudgeIntegration();
  return result;
}
