import 'server-only';
import { z } from 'zod';

// The consent receipt file (docs/decisions/0030): the claims of ISO/IEC TS 27560 / the Kantara consent
// receipt, the evidence an independent verifier needs, and a JWS over the claims with a detached
// payload. Objects are strict: the signature and the leaf hash cover the file's exact members, so an
// unknown member is refused rather than silently ignored.

/** Receipts issued before issue 19's ISO/IEC TS 27560 claims; they keep verifying (docs/decisions/0060). */
export const RECEIPT_VERSION_1 = 'consent-gateway-receipt/1';
export const RECEIPT_VERSION = 'consent-gateway-receipt/2';

/** The log events a member gets a receipt for. */
export const RECEIPT_EVENTS = ['consent.given', 'consent.refused', 'consent.withdrawn', 'consent.recording_withdrawn'] as const;
export type TReceiptEvent = (typeof RECEIPT_EVENTS)[number];
/** The event's key in the `receipt.events` messages (message keys cannot contain dots). */
export function receiptEventKey(event: TReceiptEvent) {
  return event.slice('consent.'.length) as 'given' | 'refused' | 'withdrawn' | 'recording_withdrawn';
}
export const WITHDRAWAL_EVENTS: readonly TReceiptEvent[] = ['consent.withdrawn', 'consent.recording_withdrawn'];

export const PURPOSE_IDS = ['video-transmission', 'third-country-transfer', 'recording'] as const;
export type TPurposeId = (typeof PURPOSE_IDS)[number];
export const PURPOSE_STATES = ['given', 'not-given', 'refused', 'withdrawn'] as const;

const ZHex64 = z.string().regex(/^[0-9a-f]{64}$/);
const ZHashB64 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
/** Exactly as `Date.prototype.toISOString` writes it: the form the leaf hash covers. */
const ZIsoMillis = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const ZText = z.string().min(1).max(2000);

/** A log entry's fields exactly as hashed (server/audit-log/entry-hashing.ts `entryHashedObject`). */
export const ZHashedEntry = z.strictObject({
  v: z.literal(1),
  seq: z.string().regex(/^[1-9]\d{0,14}$/),
  recordedAt: ZIsoMillis,
  eventType: z.string().min(1).max(100),
  consultationId: z.uuid().nullable(),
  payload: z.json(),
  personalCommitment: ZHex64.nullable(),
});

/** One entry with its RFC 6962 inclusion proof against the receipt's checkpoint. */
export const ZProvenEntry = z.strictObject({
  entry: ZHashedEntry,
  leafIndex: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  leafHash: ZHashB64,
  inclusionProof: z.array(ZHashB64).max(64),
});

/**
 * The legal grounds a purpose rests on (docs/decisions/0060): consent under GDPR Art. 6 (1) (a), explicit
 * consent for health data under Art. 9 (2) (a), explicit consent to a transfer abroad without adequacy
 * decision under Art. 49 (1) (a), and the social-data consent of the SGB X that the data protection
 * officer names (configured, CONTROLLER_SOCIAL_DATA_BASIS).
 */
export const LAWFUL_BASIS_IDS = ['gdpr-6-1-a', 'gdpr-9-2-a', 'gdpr-49-1-a', 'sgb-x'] as const;
export type TLawfulBasisId = (typeof LAWFUL_BASIS_IDS)[number];
/** The personal data a consultation over the service carries: the member's image and voice, what they say (social data), health among it. */
export const DATA_CATEGORY_IDS = ['image-and-voice', 'social-data', 'health'] as const;
export type TDataCategoryId = (typeof DATA_CATEGORY_IDS)[number];

const ZCountry = z.string().regex(/^[A-Z]{2}$/);

const ZReceiptV1 = z.strictObject({
  version: z.literal(RECEIPT_VERSION_1),
  receiptId: z.string().regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  consentTimestamp: ZIsoMillis,
  jurisdiction: ZCountry,
  language: z.enum(['de', 'en']),
  collectionMethod: ZText,
  piiPrincipalId: z.string().regex(/^R-[0-9A-F]{16}$/),
  piiController: z.strictObject({ name: ZText, address: ZText, email: z.email(), phone: ZText, dpoEmail: z.email() }),
  event: z.enum(RECEIPT_EVENTS),
  decisionId: z.uuid(),
  notice: z.strictObject({
    disclosureVersionId: z.uuid(),
    version: z.number().int().min(1),
    language: z.enum(['de', 'en']),
    sha256: ZHex64,
  }),
  purposes: z
    .array(z.strictObject({ id: z.enum(PURPOSE_IDS), statement: ZText, state: z.enum(PURPOSE_STATES) }))
    .min(1)
    .max(3),
  sensitiveData: z.strictObject({ specialCategory: z.boolean(), categories: z.array(ZText).max(5) }),
  recipients: z
    .array(
      z.strictObject({
        name: ZText,
        operator: ZText,
        processingRegion: z.enum(['EU_EEA', 'THIRD_COUNTRY']),
        countries: z.array(ZCountry).max(250),
        endToEndEncrypted: z.boolean(),
      }),
    )
    .min(1)
    .max(5),
  retention: z.strictObject({ consentLogYears: z.number().int().min(1).max(30), text: ZText }),
  withdrawal: z.strictObject({ text: ZText, contact: z.email() }),
  evidence: z.strictObject({
    logOrigin: z.string().min(1).max(200),
    /** The C2SP signed checkpoint note: as served by /api/log/checkpoints, with the witnesses' cosignatures once it is witnessed. */
    checkpoint: z.string().min(1).max(8000),
    event: ZProvenEntry,
    /** For a withdrawal: the decision it withdraws, proven against the same checkpoint. */
    decision: ZProvenEntry.optional(),
    /**
     * The event's inclusion as a C2SP tlog-proof (its index, proof and the checkpoint above, witness
     * cosignatures included): the same evidence in the format other tools read. Absent in receipts issued
     * before issue 19.
     */
    tlogProof: z.string().min(1).max(12_000).optional(),
  }),
});

/** One event of the member's consent in this consultation, up to and including the receipt's own: each is an entry in `evidence`. */
const ZHistoryItem = z.strictObject({
  event: z.enum(RECEIPT_EVENTS),
  recordedAt: ZIsoMillis,
  decisionId: z.uuid(),
  leafIndex: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export const MAX_HISTORY = 20;

const { sensitiveData: _sensitiveData, ...V1_SHAPE } = ZReceiptV1.shape;

/**
 * Version 2 adds what ISO/IEC TS 27560 asks of a consent record and version 1 lacked: the controller's
 * identifier, the privacy notice, the lawful basis per purpose, the data categories with the special
 * category flagged per category, where the record is stored, and the consent's event history.
 */
const ZReceiptV2 = z.strictObject({
  ...V1_SHAPE,
  version: z.literal(RECEIPT_VERSION),
  piiController: z.strictObject({
    ...ZReceiptV1.shape.piiController.shape,
    /** The insurer's Institutionskennzeichen (IK): the identifier every German social insurer is known by. */
    identifier: z.strictObject({ scheme: z.literal('IK'), value: z.string().regex(/^\d{9}$/) }),
  }),
  privacyNoticeUrl: z.url({ protocol: /^https?$/ }).max(500),
  lawfulBases: z
    .array(
      z.strictObject({
        purpose: z.enum(PURPOSE_IDS),
        bases: z
          .array(z.strictObject({ id: z.enum(LAWFUL_BASIS_IDS), citation: ZText }))
          .min(1)
          .max(LAWFUL_BASIS_IDS.length),
      }),
    )
    .min(1)
    .max(PURPOSE_IDS.length),
  dataCategories: z
    .array(z.strictObject({ id: z.enum(DATA_CATEGORY_IDS), specialCategory: z.boolean(), label: ZText }))
    .min(1)
    .max(DATA_CATEGORY_IDS.length),
  storage: z.strictObject({ countries: z.array(ZCountry).min(1).max(10), text: ZText }),
  history: z.array(ZHistoryItem).min(1).max(MAX_HISTORY),
  evidence: z.strictObject({
    ...ZReceiptV1.shape.evidence.shape,
    /** The member's earlier events in this consultation that are neither `event` nor `decision`, proven against the same checkpoint. */
    history: z.array(ZProvenEntry).max(MAX_HISTORY),
  }),
});

export const ZReceipt = z.discriminatedUnion('version', [ZReceiptV1, ZReceiptV2]);
export type TReceipt = z.infer<typeof ZReceipt>;
export type TReceiptV2 = z.infer<typeof ZReceiptV2>;
export type TReceiptHistoryItem = z.infer<typeof ZHistoryItem>;
export type TProvenEntry = z.infer<typeof ZProvenEntry>;

/** The downloadable file: the claims, and a JWS (compact, detached payload: RFC 7515 appendix F) over their canonical JSON. */
export const ZReceiptFile = z.strictObject({
  receipt: ZReceipt,
  jws: z.string().regex(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/),
});
export type TReceiptFile = z.infer<typeof ZReceiptFile>;

/** What a decision entry's payload must hold for a receipt (server/consent/record-decision.ts writes it). */
export const ZDecisionPayload = z.object({
  decisionId: z.uuid(),
  disclosure: z.object({ versionId: z.uuid(), hash: ZHex64, language: z.enum(['de', 'en']) }),
  choices: z.object({ transmission: z.boolean(), thirdCountryTransfer: z.boolean().nullable(), recording: z.boolean() }),
  terms: z.object({
    facts: z.object({
      name: z.string(),
      operator: z.string(),
      processingRegion: z.enum(['EU_EEA', 'THIRD_COUNTRY']),
      thirdCountries: z.array(z.string()),
      endToEndEncrypted: z.boolean(),
      canRecord: z.boolean(),
    }),
    statements: z.object({ transmission: z.string(), thirdCountryTransfer: z.string().nullable(), recording: z.string().nullable() }),
  }),
});
export type TDecisionPayload = z.infer<typeof ZDecisionPayload>;

export const ZWithdrawalPayload = z.object({ decisionId: z.uuid(), scope: z.enum(['all', 'recording']) });
