import 'server-only';
import { randomBytes } from 'node:crypto';
import type { TLogEvent } from '@/server/audit-log/event-types';
import { chainHash, leafHash, personalCommitment } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TTx } from '@/server/db/client';

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

export type TAppendedEntry = { seq: bigint; recordedAt: Date; leafHash: string; chainHash: string };

function personalAsCanonical(personal: TLogPersonal): { [key: string]: TCanonicalValue } {
  const out: { [key: string]: TCanonicalValue } = { actorId: personal.actorId };
  if (personal.subjectId) out.subjectId = personal.subjectId;
  if (personal.ipPseudonym) out.ipPseudonym = personal.ipPseudonym;
  return out;
}

/**
 * Locks the log head for the rest of the transaction. A check that must see the newest committed
 * state (may this call start?) takes the lock before it reads: every consent change holds the same
 * lock until it commits, so none can slip in between the check and its log entry.
 */
export async function lockLogHead(tx: TTx): Promise<{ seq: bigint; chain_hash: string }> {
  const [head] = await tx.$queryRaw<{ seq: bigint; chain_hash: string }[]>`
    SELECT seq, chain_hash FROM consent_log_head WHERE id = 1 FOR UPDATE`;
  if (!head) throw new Error('consent_log_head is missing: run the migrations');
  return head;
}

/**
 * Appends one entry to the consent log inside the caller's transaction, so the entry commits or
 * rolls back with the state change it records. The head row's lock serialises appends: sequence
 * numbers are dense and each entry chains to the one before (docs/decisions/0004-consent-log.md).
 */
export async function appendLogEntry(tx: TTx, input: TLogInput): Promise<TAppendedEntry> {
  const head = await lockLogHead(tx);

  const seq = head.seq + 1n;
  const recordedAt = new Date();
  const personal = input.personal ? personalAsCanonical(input.personal) : null;
  const salt = personal ? randomBytes(32).toString('hex') : null;
  const commitment = personal && salt ? personalCommitment(salt, personal) : null;
  const fields = {
    seq,
    recordedAt,
    eventType: input.eventType,
    consultationId: input.consultationId ?? null,
    payload: input.payload,
    personalCommitment: commitment,
  };
  const leaf = leafHash(fields);
  const chain = chainHash(head.chain_hash, leaf);

  await tx.logHead.update({ where: { id: 1 }, data: { seq, chainHash: chain } });
  await tx.logEntry.create({ data: { ...fields, leafHash: leaf, chainHash: chain } });
  if (personal && salt) await tx.logEntryPersonal.create({ data: { seq, salt, data: personal } });
  return { seq, recordedAt, leafHash: leaf, chainHash: chain };
}
