import 'server-only';
import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import type { TReceipt, TReceiptFile } from '@/server/receipts/receipt-format';

export type TReceiptSigner = { name: string; keyId: Buffer; privateKey: KeyObject };

/** The bytes the receipt's JWS covers: the claims as canonical JSON, so a verifier rebuilds them from the file. */
export function receiptSigningPayload(receipt: TReceipt): Buffer {
  return Buffer.from(canonicalJson(receipt as unknown as TCanonicalValue), 'utf8');
}

/** The JWS key id: the published verifier key's name and key id, as /.well-known/consent-log-keys lists them. */
export function receiptKeyId(name: string, keyId: Buffer): string {
  return `${name}+${keyId.toString('hex')}`;
}

/**
 * Signs the receipt with the log's Ed25519 key (EdDSA). The payload is detached (RFC 7515 appendix F):
 * the file carries the claims once, readable, and the verifier puts their canonical JSON back in.
 * Ed25519 is deterministic, so the same receipt always gets the same signature.
 */
export async function signReceipt<T extends TReceipt>(receipt: T, key: TReceiptSigner): Promise<TReceiptFile & { receipt: T }> {
  const compact = await new CompactSign(receiptSigningPayload(receipt))
    .setProtectedHeader({ alg: 'EdDSA', kid: receiptKeyId(key.name, key.keyId), cty: 'consent-receipt+json' })
    .sign(key.privateKey);
  const [header, , signature] = compact.split('.');
  return { receipt, jws: `${header!}..${signature!}` };
}
