import 'server-only';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import { sha256Hex } from '@/server/crypto/sha256';

export const LOG_FORMAT_VERSION = 1;
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

export type THashedFields = {
  seq: bigint;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  payload: TCanonicalValue;
  personalCommitment: string | null;
};

/** The object whose canonical JSON an entry's leaf hash covers (a receipt carries it as is). */
export function entryHashedObject(entry: THashedFields): { [key: string]: TCanonicalValue } {
  return {
    v: LOG_FORMAT_VERSION,
    seq: entry.seq.toString(),
    recordedAt: entry.recordedAt.toISOString(),
    eventType: entry.eventType,
    consultationId: entry.consultationId,
    payload: entry.payload,
    personalCommitment: entry.personalCommitment,
  };
}

/** The text whose UTF-8 bytes an entry's leaf hash covers; a verifier outside the gateway rebuilds it the same way. */
export function entryCanonicalText(entry: THashedFields): string {
  return canonicalJson(entryHashedObject(entry));
}

export function entryCanonicalBytes(entry: THashedFields): Buffer {
  return Buffer.from(entryCanonicalText(entry), 'utf8');
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry bytes), so Merkle proofs can be served over the same leaves. */
export function leafHash(entry: THashedFields): string {
  return leafHashOfText(entryCanonicalText(entry));
}

/** The leaf hash of an entry's canonical text (`entryCanonicalText`). */
export function leafHashOfText(canonicalText: string): string {
  // U+0000 encodes as the single byte 0x00, so this hashes 0x00 ‖ UTF-8(entry) without a copy.
  return sha256Hex(`\u0000${canonicalText}`);
}

/** chain(n) = SHA-256(chain(n-1) ‖ leaf(n)), both as 32 raw bytes; chain(0) is 32 zero bytes. */
export function chainHash(previousChainHash: string, leaf: string): string {
  return sha256Hex(Buffer.from(previousChainHash + leaf, 'hex'));
}

/** Salted commitment to an entry's personal fields: erasable later while the entry still verifies. */
export function personalCommitment(saltHex: string, data: TCanonicalValue): string {
  return personalCommitmentOfBytes(saltHex, canonicalJson(data));
}

/** The commitment over personal fields' canonical JSON (text, or its UTF-8 bytes as stored). */
export function personalCommitmentOfBytes(saltHex: string, canonical: string | Uint8Array): string {
  return sha256Hex(Buffer.from(saltHex, 'hex'), canonical);
}
