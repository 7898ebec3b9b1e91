import 'server-only';
import { createHash } from 'node:crypto';
import { createTranslator } from 'use-intl/core';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import { type THashedFields, entryHashedObject } from '@/server/audit-log/entry-hashing';
import { claimsFromLog } from '@/server/receipts/log-claims';
import { formatTlogProof } from '@/shared/transparency/tlog-proof';
import { RECEIPT_VERSION, type TProvenEntry, type TReceipt, ZHashedEntry, ZReceipt } from '@/server/receipts/receipt-format';

export type TReceiptConfig = {
  controller: TReceipt['piiController'];
  jurisdiction: string;
  retentionYears: number;
  logOrigin: string;
};

/** A log entry as stored, with its leaf hash (hex, as the log keeps it) and its inclusion proof. */
export type TProvenInput = { fields: THashedFields; leafHashHex: string; proof: Buffer[] };

export type TBuildReceiptInput = {
  config: TReceiptConfig;
  principalId: string;
  disclosureVersion: number;
  checkpointNote: string;
  event: TProvenInput;
  decision?: TProvenInput;
};

const MESSAGES = { de, en } as const;

function proven(input: TProvenInput): TProvenEntry {
  return {
    entry: ZHashedEntry.parse(entryHashedObject(input.fields)),
    leafIndex: Number(input.fields.seq - 1n),
    leafHash: Buffer.from(input.leafHashHex, 'hex').toString('base64'),
    inclusionProof: input.proof.map((hash) => hash.toString('base64')),
  };
}

/** A stable id per log and entry, so downloading a receipt again gives the same receipt (UUID layout, version 8). */
export function receiptIdFor(logOrigin: string, leafHashHex: string): string {
  const bytes = createHash('sha256').update(`consent-receipt\n${logOrigin}\n${leafHashHex}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The receipt's claims and evidence for one decision or withdrawal. What the log determines (event,
 * time, decision, text, purposes, recipient) is read from the entries themselves, as the verifier
 * recomputes it; the explanatory texts are in the decision's language, like the sentences agreed to.
 */
export function buildReceipt(input: TBuildReceiptInput): TReceipt {
  const event = proven(input.event);
  const decision = input.decision ? proven(input.decision) : undefined;
  const fromLog = claimsFromLog(event.entry, decision?.entry);
  if (!fromLog.ok) throw new Error(`no receipt for this entry: ${fromLog.problem}`);
  const { claims } = fromLog;
  const t = createTranslator({ locale: claims.language, messages: MESSAGES[claims.language], namespace: 'receipt.file' });
  // Checked against the format before it is signed: a receipt the verifier would refuse is never issued.
  return ZReceipt.parse({
    version: RECEIPT_VERSION,
    receiptId: receiptIdFor(input.config.logOrigin, input.event.leafHashHex),
    consentTimestamp: claims.consentTimestamp,
    jurisdiction: input.config.jurisdiction,
    language: claims.language,
    collectionMethod: t('collectionMethod'),
    piiPrincipalId: input.principalId,
    piiController: input.config.controller,
    event: claims.event,
    decisionId: claims.decisionId,
    notice: { ...claims.notice, version: input.disclosureVersion },
    purposes: claims.purposes,
    // Every purpose is about social data of a member in a consultation with the insurer, health data among them.
    sensitiveData: { specialCategory: true, categories: [t('healthData'), t('socialData')] },
    recipients: claims.recipients,
    retention: { consentLogYears: input.config.retentionYears, text: t('retention', { years: input.config.retentionYears }) },
    withdrawal: { text: t('withdrawal', { email: input.config.controller.email }), contact: input.config.controller.email },
    evidence: {
      logOrigin: input.config.logOrigin,
      checkpoint: input.checkpointNote,
      event,
      ...(decision ? { decision } : {}),
      tlogProof: formatTlogProof({ extra: null, index: event.leafIndex, proof: input.event.proof, checkpoint: input.checkpointNote }),
    },
  });
}
