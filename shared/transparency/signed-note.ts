// C2SP signed-note: the envelope of checkpoints and cosignatures, and verifier keys ("vkeys"). Parsing is
// strict where the specification says MUST (no control characters, canonical base64, names without
// spaces or "+") and lenient where it says signatures of unknown keys are ignored. In shared/: the
// witness, the gateway and the standalone verifiers use the same code.
import { createHash } from 'node:crypto';
import { base64Bytes, keyIdInput, readVkeyText, signatureLineOf, splitSignedNote } from '@/shared/transparency/note-format';

/** Signature type bytes of signed-note that this project signs or verifies. */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04, mlDsa44Cosignature: 0x06 } as const;

export type TNoteSignature = { name: string; keyId: Buffer; signature: Buffer };
export type TParsedNote = { text: string; signatures: TNoteSignature[] };

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** Standard base64 (RFC 4648 section 4) in its one canonical spelling, or null. */
export function strictBase64(text: string): Buffer | null {
  const bytes = base64Bytes(text);
  return bytes ? asBuffer(bytes) : null;
}

/**
 * Splits a signed note into its text and signature lines, or null when it is malformed. Says nothing
 * about whether any signature is valid: that needs the verifier keys.
 */
export function parseSignedNote(note: string): TParsedNote | null {
  const split = splitSignedNote(note);
  if (!split) return null;
  const signatures = split.signatures.map((s) => ({ name: s.name, keyId: asBuffer(s.keyId), signature: asBuffer(s.signature) }));
  return { text: split.text, signatures };
}

/** One signature line, as it follows the blank line of a note: "— <name> base64(key id ‖ signature)\n". */
export function signatureLine(name: string, keyId: Buffer, signature: Buffer): string {
  return signatureLineOf(name, Buffer.concat([keyId, signature]));
}

/** The recommended key id: the first four bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key). */
export function keyIdFor(name: string, type: number, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(keyIdInput(name, type, publicKey))
    .digest()
    .subarray(0, 4);
}

export type TVkey = { name: string; keyId: Buffer; type: number; publicKey: Buffer; text: string };

/** A verifier key as published: "<name>+<key id, 8 hex digits>+<base64(type ‖ public key)>". */
export function formatVkey(name: string, type: number, publicKey: Buffer): string {
  return `${name}+${keyIdFor(name, type, publicKey).toString('hex')}+${Buffer.concat([Buffer.of(type), publicKey]).toString('base64')}`;
}

/**
 * Parses a vkey of the types whose key id follows the recommended derivation: Ed25519 (0x01), timestamped
 * Ed25519 cosignatures (0x04) and ML-DSA-44 cosignatures (0x06, recognised so a policy naming one can be
 * read; this project cannot verify them). Null for anything else or a key id that does not match.
 */
export function parseVkey(text: string): TVkey | null {
  const parts = readVkeyText(text);
  if (!parts) return null;
  const { name, type } = parts;
  const publicKey = asBuffer(parts.publicKey);
  const keyId = Buffer.from(parts.keyIdHex, 'hex');
  return keyIdFor(name, type, publicKey).equals(keyId) ? { name, keyId, type, publicKey, text } : null;
}

/** Whether a signature line is by this key: name and key id both match (one alone is an unknown key). */
export function isBy(signature: TNoteSignature, key: Pick<TVkey, 'name' | 'keyId'>): boolean {
  return signature.name === key.name && signature.keyId.equals(key.keyId);
}
