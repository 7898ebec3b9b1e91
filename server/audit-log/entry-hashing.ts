import 'server-only';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import { sha256Hex } from '@/server/crypto/sha256';

export const LOG_FORMAT_VERSION = 1;
export const GENESIS_CHAIN_HASH = '0'.repeat(64);
const LEAF_PREFIX = Buffer.from([0x00]);

export type THashedFields = {
  seq: bigint;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  payload: TCanonicalValue;
  personalCommitment: string | null;
};

/** The bytes an entry's leaf hash covers; a verifier outside the gateway rebuilds them the same way. */
export function entryCanonicalBytes(entry: THashedFields): Buffer {
  return Buffer.from(
    canonicalJson({
      v: LOG_FORMAT_VERSION,
      seq: entry.seq.toString(),
      recordedAt: entry.recordedAt.toISOString(),
      eventType: entry.eventType,
      consultationId: entry.consultationId,
      payload: entry.payload,
      personalCommitment: entry.personalCommitment,
    }),
    'utf8',
  );
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry bytes), so Merkle proofs can be served over the same leaves. */
export function leafHash(entry: THashedFields): string {
  return sha256Hex(LEAF_PREFIX, entryCanonicalBytes(entry));
}

/** chain(n) = SHA-256(chain(n-1) ‖ leaf(n)), both as 32 raw bytes; chain(0) is 32 zero bytes. */
export function chainHash(previousChainHash: string, leaf: string): string {
  return sha256Hex(Buffer.from(previousChainHash, 'hex'), Buffer.from(leaf, 'hex'));
}

/** Salted commitment to an entry's personal fields: erasable later while the entry still verifies. */
export function personalCommitment(saltHex: string, data: TCanonicalValue): string {
  return sha256Hex(Buffer.from(saltHex, 'hex'), canonicalJson(data));
}
