import 'server-only';
import { z } from 'zod';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { THashedFields } from '@/server/audit-log/entry-hashing';
import { MEMBER_KINDS } from '@/server/auth/account-kinds';
import type { TActor } from '@/server/auth/current-actor';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { type TProvenInput, buildReceipt } from '@/server/receipts/build-receipt';
import { receiptConfig, receiptPrincipalId } from '@/server/receipts/receipt-config';
import {
  MAX_HISTORY,
  RECEIPT_EVENTS,
  type TReceiptFile,
  type TReceiptV2,
  WITHDRAWAL_EVENTS,
  ZDecisionPayload,
  ZWithdrawalPayload,
} from '@/server/receipts/receipt-format';
import { signReceipt } from '@/server/receipts/sign-receipt';
import { logSigner, signCheckpoint } from '@/server/transparency/checkpoints';
import { inclusionProof } from '@/shared/transparency/merkle';
import { storedTree } from '@/server/transparency/merkle-store';
import { witnessing } from '@/server/witnessing/witness-policy';
import { cosignedNote, firstWitnessedCheckpointCovering } from '@/server/witnessing/witnessed-checkpoint';

/** A receipt's address names its log entry by queue id: a positive integer, else 404. */
function requireVersion(version: { version: number } | null | undefined): number {
  if (!version) throw new Error('the decision names a disclosure version that does not exist');
  return version.version;
}

export const ZReceiptQueueId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/)
  .transform((v) => BigInt(v));

const ENTRY_SELECT = {
  seq: true,
  queueId: true,
  recordedAt: true,
  eventType: true,
  consultationId: true,
  payload: true,
  personalCommitment: true,
  leafHash: true,
} as const satisfies Prisma.LogEntrySelect;

type TEntryRow = Prisma.LogEntryGetPayload<{ select: typeof ENTRY_SELECT }>;

export type TMemberReceipt =
  | {
      kind: 'ready';
      /** Always of the current version: a receipt is built when it is asked for. */
      file: TReceiptFile & { receipt: TReceiptV2 };
      consultation: { id: string; topic: string; startsAt: Date } | null;
      /** Whether the checkpoint carries the cosignatures of the witness policy's quorum (false: the log's own signature only, for now). */
      witnessed: boolean;
    }
  /** No checkpoint can be signed (LOG_SIGNING_KEY unset): nothing to prove the entry against. */
  | { kind: 'unavailable' };

const fieldsOf = (row: TEntryRow): THashedFields => ({ ...row, payload: row.payload as TCanonicalValue });

/**
 * The entry once integrated; a receipt asked for right after the decision integrates the queue itself.
 * The log is looked at again whether or not the queue still held the entry: another integrator may
 * have moved it between the two looks (integration inserts and dequeues in one transaction).
 */
async function integratedEntry(prisma: TDb, queueId: bigint): Promise<TEntryRow | null> {
  const find = () => prisma.logEntry.findUnique({ where: { queueId }, select: ENTRY_SELECT });
  const entry = await find();
  if (entry) return entry;
  if (await prisma.logQueueEntry.findUnique({ where: { id: queueId }, select: { id: true } })) await integrateQueuedEntries(prisma);
  return find();
}

/**
 * The checkpoint a receipt of entry `seq` is proven against: the first witnessed one covering it, with
 * the witnesses' cosignatures; until there is one, the first signed one (the log's own signature only;
 * a later download gives the witnessed receipt). Signs one if none covers the entry yet.
 */
async function coveringCheckpoint(prisma: TDb, seq: bigint): Promise<{ treeSize: bigint; note: string; witnessed: boolean } | null> {
  const config = witnessing();
  const witnessed = config ? await firstWitnessedCheckpointCovering(prisma, config, seq) : null;
  if (witnessed) return { treeSize: witnessed.treeSize, note: cosignedNote(witnessed), witnessed: true };
  const signed = await firstSignedCheckpointCovering(prisma, seq);
  return signed && { ...signed, witnessed: false };
}

/** The first signed checkpoint that covers entry `seq` (so the receipt stays the same), signing one if none does yet. */
async function firstSignedCheckpointCovering(prisma: TDb, seq: bigint) {
  const find = () =>
    prisma.logCheckpoint.findFirst({
      where: { treeSize: { gte: seq } },
      orderBy: { treeSize: 'asc' },
      select: { treeSize: true, note: true },
    });
  const found = await find();
  if (found) return found;
  await signCheckpoint(prisma);
  return find();
}

async function provenIn(prisma: TDb, row: TEntryRow, treeSize: bigint): Promise<TProvenInput> {
  return {
    fields: fieldsOf(row),
    leafHashHex: row.leafHash,
    proof: await inclusionProof(storedTree(prisma), Number(row.seq - 1n), Number(treeSize)),
  };
}

/** Whether a log entry's personal part names `actorId` as who acted: whose decision or withdrawal it is. */
const actedBy = (personalData: unknown, actorId: string) => (personalData as { actorId?: unknown } | undefined)?.actorId === actorId;

/**
 * The member's decisions and withdrawals in the consultation before `entry`, other than `except` (the
 * decision a withdrawal names, which the receipt carries anyway): the newest that fit in a receipt.
 * Whose they are is read from the personal part, as for the receipt itself.
 */
async function earlierEvents(prisma: TDb, actorId: string, entry: TEntryRow, except: TEntryRow | null): Promise<TEntryRow[]> {
  if (!entry.consultationId) return [];
  const rows = await prisma.logEntry.findMany({
    where: {
      consultationId: entry.consultationId,
      eventType: { in: [...RECEIPT_EVENTS] },
      seq: { lt: entry.seq, ...(except ? { not: except.seq } : {}) },
    },
    orderBy: { seq: 'desc' },
    take: MAX_HISTORY - 2,
    select: ENTRY_SELECT,
  });
  const mine = new Set(
    (
      await prisma.logEntryPersonal.findMany({
        where: { queueId: { in: rows.map((r) => r.queueId) } },
        select: { queueId: true, data: true },
      })
    )
      .filter((p) => actedBy(p.data, actorId))
      .map((p) => p.queueId),
  );
  return rows.filter((r) => mine.has(r.queueId)).reverse();
}

/**
 * The signed receipt of one decision or withdrawal, for the member who made it, else null (404): the
 * actor is read from the entry's personal part, so after the retention purge there is no receipt
 * either. A withdrawal's receipt carries the decision it withdraws, proven against the same checkpoint.
 */
export async function getMemberReceipt(prisma: TDb, actor: TActor, queueId: bigint): Promise<TMemberReceipt | null> {
  if (!MEMBER_KINDS.includes(actor.kind)) return null;
  const personal = await prisma.logEntryPersonal.findUnique({ where: { queueId }, select: { data: true } });
  if (!actedBy(personal?.data, actor.id)) return null;
  const entry = await integratedEntry(prisma, queueId);
  if (!entry || !(RECEIPT_EVENTS as readonly string[]).includes(entry.eventType)) return null;

  let decisionRow: TEntryRow | null = null;
  const withdrawal = (WITHDRAWAL_EVENTS as readonly string[]).includes(entry.eventType);
  if (withdrawal) {
    const withdrawn = ZWithdrawalPayload.safeParse(entry.payload);
    if (!withdrawn.success) return null;
    const decision = await prisma.consentDecision.findFirst({
      where: { id: withdrawn.data.decisionId, memberId: actor.id },
      select: { logQueueId: true },
    });
    decisionRow = decision ? await prisma.logEntry.findUnique({ where: { queueId: decision.logQueueId }, select: ENTRY_SELECT }) : null;
    if (!decisionRow) return null;
  }
  // Every decision entry the gateway writes has this shape; one that does not gets no receipt rather than a 500.
  const decided = ZDecisionPayload.safeParse((decisionRow ?? entry).payload);
  if (!decided.success) return null;

  const key = logSigner();
  const checkpoint = key ? await coveringCheckpoint(prisma, entry.seq) : null;
  if (!key || !checkpoint) return { kind: 'unavailable' };
  const [version, consultation, earlier] = await Promise.all([
    prisma.disclosureVersion.findUnique({ where: { id: decided.data.disclosure.versionId }, select: { version: true } }),
    entry.consultationId
      ? prisma.consultation.findFirst({
          where: { id: entry.consultationId, memberId: actor.id },
          select: { id: true, topic: true, startsAt: true },
        })
      : null,
    earlierEvents(prisma, actor.id, entry, decisionRow),
  ]);
  const receipt = buildReceipt({
    config: receiptConfig(),
    principalId: receiptPrincipalId(actor.id, entry.consultationId),
    // Every decision names a published version; a missing one is a broken database, not version 1.
    disclosureVersion: requireVersion(version),
    checkpointNote: checkpoint.note,
    event: await provenIn(prisma, entry, checkpoint.treeSize),
    ...(decisionRow ? { decision: await provenIn(prisma, decisionRow, checkpoint.treeSize) } : {}),
    history: await Promise.all(earlier.map((row) => provenIn(prisma, row, checkpoint.treeSize))),
  });
  return { kind: 'ready', file: await signReceipt(receipt, key), consultation, witnessed: checkpoint.witnessed };
}
