import 'server-only';
import { type TJwsSigner, signDetached } from '@/server/crypto/detached-jws';
import type { TReceipt, TReceiptFile } from '@/server/receipts/receipt-format';

/**
 * Signs the receipt with the log's Ed25519 key (EdDSA). The payload is detached (RFC 7515 appendix F):
 * the file carries the claims once, readable, and the verifier puts their canonical JSON back in.
 * Ed25519 is deterministic, so the same receipt always gets the same signature.
 */
export async function signReceipt<T extends TReceipt>(receipt: T, key: TJwsSigner): Promise<TReceiptFile & { receipt: T }> {
  return { receipt, jws: await signDetached(receipt, key, 'consent-receipt+json') };
}
