import 'server-only';
import type { KeyObject } from 'node:crypto';
import { CompactSign, flattenedVerify } from 'jose';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import { parseVerifierKey } from '@/shared/transparency/checkpoint-note';

// A JWS (EdDSA) with a detached payload (RFC 7515 appendix F) over the canonical JSON of a document the
// file carries beside it, readable: receipts (docs/decisions/0030) and export manifests (0060).

export type TJwsSigner = { name: string; keyId: Buffer; privateKey: KeyObject };

/** The JWS key id: the published verifier key's name and key id, as /.well-known/consent-log-keys lists them. */
export function jwsKeyId(name: string, keyId: Buffer): string {
  return `${name}+${keyId.toString('hex')}`;
}

/** The bytes the signature covers: the document as canonical JSON, so a verifier rebuilds them from the file. */
export function signingPayload(document: object): Buffer {
  return Buffer.from(canonicalJson(document as TCanonicalValue), 'utf8');
}

/** `header..signature`; Ed25519 is deterministic, so the same document always gets the same JWS. */
export async function signDetached(document: object, key: TJwsSigner, contentType: string): Promise<string> {
  const compact = await new CompactSign(signingPayload(document))
    .setProtectedHeader({ alg: 'EdDSA', kid: jwsKeyId(key.name, key.keyId), cty: contentType })
    .sign(key.privateKey);
  const [header, , signature] = compact.split('.');
  return `${header!}..${signature!}`;
}

export type TDetachedCheck = 'ok' | 'malformed' | 'unknown-key' | 'bad-signature';

/** Checks a detached JWS over `document` with the published verifier keys (C2SP vkeys, current and retired). */
export async function verifyDetached(document: object, jws: string, verifierKeys: string[]): Promise<TDetachedCheck> {
  const parts = jws.split('..');
  if (parts.length !== 2) return 'malformed';
  const [protectedHeader, signature] = parts as [string, string];
  let kid: unknown;
  try {
    kid = (JSON.parse(Buffer.from(protectedHeader, 'base64url').toString('utf8')) as { kid?: unknown }).kid; // a header of null throws: malformed
  } catch {
    return 'malformed';
  }
  const key = verifierKeys.map(parseVerifierKey).find((k) => k !== null && jwsKeyId(k.name, k.keyId) === kid);
  if (!key) return 'unknown-key';
  try {
    await flattenedVerify(
      { protected: protectedHeader, payload: signingPayload(document).toString('base64url'), signature },
      { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') },
      { algorithms: ['EdDSA'] },
    );
    return 'ok';
  } catch {
    return 'bad-signature';
  }
}
