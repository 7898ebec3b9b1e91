import 'server-only';
import { createHash } from 'node:crypto';
import { createTranslator } from 'use-intl/core';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import { type THashedFields, entryHashedObject } from '@/server/audit-log/entry-hashing';
import { claimsFromLog, historyFromLog } from '@/server/receipts/log-claims';
import { countryNames } from '@/shared/country-names';
import { formatTlogProof } from '@/shared/transparency/tlog-proof';
import {
  RECEIPT_VERSION,
  type TLawfulBasisId,
  type TPurposeId,
  type TProvenEntry,
  type TReceiptV2,
  ZHashedEntry,
  ZReceipt,
} from '@/server/receipts/receipt-format';

export type TReceiptConfig = {
  controller: TReceiptV2['piiController'];
  privacyNoticeUrl: string;
  /** The SGB X provision for social data the data protection officer confirmed (docs/decisions/0060). */
  socialDataBasis: string;
  /** Where the consent log is stored (ISO 3166-1 alpha-2). */
  storageCountries: string[];
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
  /** The member's earlier decisions and withdrawals in the consultation, other than `decision`. */
  history: TProvenInput[];
};

const MESSAGES = { de, en } as const;

/**
 * What each purpose rests on: the member's consent (Art. 6 (1) (a)), explicit because the consultation
 * carries health data (Art. 9 (2) (a)), the consent to processing social data the SGB X requires, and for
 * the transfer abroad the explicit consent Art. 49 (1) (a) asks where no adequacy decision covers it.
 */
const PURPOSE_BASES: Record<TPurposeId, TLawfulBasisId[]> = {
  'video-transmission': ['gdpr-6-1-a', 'gdpr-9-2-a', 'sgb-x'],
  'third-country-transfer': ['gdpr-6-1-a', 'gdpr-9-2-a', 'gdpr-49-1-a', 'sgb-x'],
  recording: ['gdpr-6-1-a', 'gdpr-9-2-a', 'sgb-x'],
};

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
export function buildReceipt(input: TBuildReceiptInput): TReceiptV2 {
  const event = proven(input.event);
  const decision = input.decision ? proven(input.decision) : undefined;
  const history = input.history.map(proven);
  const fromLog = claimsFromLog(event.entry, decision?.entry);
  if (!fromLog.ok) throw new Error(`no receipt for this entry: ${fromLog.problem}`);
  const events = historyFromLog(
    event.entry,
    [...history, ...(decision ? [decision] : [])].map((p) => p.entry),
  );
  if (!events) throw new Error("no receipt for this entry: its history is not one consultation's");
  const { claims } = fromLog;
  const t = createTranslator({ locale: claims.language, messages: MESSAGES[claims.language], namespace: 'receipt.file' });
  const basis = (id: TLawfulBasisId) => ({ id, citation: id === 'sgb-x' ? input.config.socialDataBasis : t(`bases.${id}`) });
  // Checked against the format before it is signed: a receipt the verifier would refuse is never issued.
  const receipt = ZReceipt.parse({
    version: RECEIPT_VERSION,
    receiptId: receiptIdFor(input.config.logOrigin, input.event.leafHashHex),
    consentTimestamp: claims.consentTimestamp,
    jurisdiction: input.config.jurisdiction,
    language: claims.language,
    collectionMethod: t('collectionMethod'),
    piiPrincipalId: input.principalId,
    piiController: input.config.controller,
    privacyNoticeUrl: input.config.privacyNoticeUrl,
    event: claims.event,
    decisionId: claims.decisionId,
    notice: { ...claims.notice, version: input.disclosureVersion },
    purposes: claims.purposes,
    lawfulBases: claims.purposes.map(({ id }) => ({
      purpose: id,
      bases: PURPOSE_BASES[id].map(basis),
    })),
    // Every purpose is about a member's image, voice and words in a consultation with the insurer: social data, health data among them.
    dataCategories: [
      { id: 'image-and-voice', specialCategory: false, label: t('imageAndVoice') },
      { id: 'social-data', specialCategory: false, label: t('socialData') },
      { id: 'health', specialCategory: true, label: t('healthData') },
    ],
    recipients: claims.recipients,
    retention: { consentLogYears: input.config.retentionYears, text: t('retention', { years: input.config.retentionYears }) },
    storage: {
      countries: input.config.storageCountries,
      text: t('storage', { countries: countryNames(input.config.storageCountries, claims.language) }),
    },
    history: events,
    withdrawal: { text: t('withdrawal', { email: input.config.controller.email }), contact: input.config.controller.email },
    evidence: {
      logOrigin: input.config.logOrigin,
      checkpoint: input.checkpointNote,
      event,
      ...(decision ? { decision } : {}),
      tlogProof: formatTlogProof({ extra: null, index: event.leafIndex, proof: input.event.proof, checkpoint: input.checkpointNote }),
      history,
    },
  });
  if (receipt.version !== RECEIPT_VERSION) throw new Error('a new receipt is always of the current version');
  return receipt;
}
