// C2SP signed-note: the envelope of checkpoints and cosignatures, and verifier keys ("vkeys"). Parsing is
// strict where the specification says MUST (no control characters, canonical base64, names without
// spaces or "+") and lenient where it says signatures of unknown keys are ignored. In shared/: the
// witness, the gateway and the standalone verifiers use the same code.
import { createHash } from 'node:crypto';

/** Signature type bytes of signed-note that this project signs or verifies. */
export const SIGNATURE_TYPE = { ed25519: 0x01, cosignatureV1: 0x04, mlDsa44Cosignature: 0x06 } as const;

const SIGNATURE_PREFIX = '\u2014 ';
/** Go's sumdb/note stops at 100 signatures; the specification asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;

export type TNoteSignature = { name: string; keyId: Buffer; signature: Buffer };
export type TParsedNote = { text: string; signatures: TNoteSignature[] };

/** Key names must be non-empty and contain no Unicode space and no "+". */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** Standard base64 (RFC 4648 section 4) in its one canonical spelling, or null. */
export function strictBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Valid UTF-8 (no lone surrogates) with no control character other than newline. */
export function isValidNoteText(text: string): boolean {
  // A lone surrogate has no UTF-8 encoding: the round trip replaces it.
  const wellFormed = Buffer.from(text, 'utf8').toString('utf8') === text;
  // eslint-disable-next-line no-control-regex -- the control characters are what this looks for
  return wellFormed && !/[\u0000-\u0009\u000b-\u001f]/.test(text);
}

/**
 * Splits a signed note into its text and signature lines, or null when it is malformed. Says nothing
 * about whether any signature is valid: that needs the verifier keys.
 */
export function parseSignedNote(note: string): TParsedNote | null {
  if (!isValidNoteText(note)) return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return null;
  const signatures: TNoteSignature[] = [];
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return null;
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const raw = space < 0 ? null : strictBase64(rest.slice(space + 1));
    if (!raw || raw.length < 5 || !isValidKeyName(name)) return null;
    signatures.push({ name, keyId: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  return { text: note.slice(0, split + 1), signatures };
}

/** One signature line, as it follows the blank line of a note: "— <name> base64(key id ‖ signature)\n". */
export function signatureLine(name: string, keyId: Buffer, signature: Buffer): string {
  return `${SIGNATURE_PREFIX}${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

/** The recommended key id: the first four bytes of SHA-256(name ‖ "\n" ‖ type ‖ public key). */
export function keyIdFor(name: string, type: number, publicKey: Buffer): Buffer {
  return createHash('sha256').update(`${name}\n`).update(Buffer.of(type)).update(publicKey).digest().subarray(0, 4);
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
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text);
  if (!match) return null;
  const [, name, keyIdHex, b64] = match as unknown as [string, string, string, string];
  const raw = strictBase64(b64);
  if (!raw || raw.length < 2 || !isValidKeyName(name)) return null;
  const type = raw[0]!;
  const publicKey = raw.subarray(1);
  const expectedLength: Record<number, number> = {
    [SIGNATURE_TYPE.ed25519]: 32,
    [SIGNATURE_TYPE.cosignatureV1]: 32,
    [SIGNATURE_TYPE.mlDsa44Cosignature]: 1312,
  };
  if (expectedLength[type] !== publicKey.length) return null;
  const keyId = Buffer.from(keyIdHex, 'hex');
  return keyIdFor(name, type, publicKey).equals(keyId) ? { name, keyId, type, publicKey, text } : null;
}

/** Whether a signature line is by this key: name and key id both match (one alone is an unknown key). */
export function isBy(signature: TNoteSignature, key: Pick<TVkey, 'name' | 'keyId'>): boolean {
  return signature.name === key.name && signature.keyId.equals(key.keyId);
}
