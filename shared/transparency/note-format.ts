// The text formats of C2SP signed-note, tlog-checkpoint and vkeys read into plain bytes (Uint8Array), with
// no Node API: the browser's log watcher (docs/decisions/0059) reads notes with this code, and the server's
// signed-note.ts and checkpoint-note.ts wrap the same functions into Buffers. Signatures and key ids need
// a hash and a signature check; those are the callers' (node:crypto there, WebCrypto here).

const SIGNATURE_PREFIX = '\u2014 ';
/** Go's sumdb/note stops at 100 signatures; the specification asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;

export type TNoteSignatureBytes = { name: string; keyId: Uint8Array; signature: Uint8Array };
export type TSplitNote = { text: string; signatures: TNoteSignatureBytes[] };

/** Key names must be non-empty and contain no Unicode space and no "+". */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** Standard base64 (RFC 4648 section 4) in its one canonical spelling, or null. */
export function base64Bytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return bytesToBase64(bytes) === text ? bytes : null;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Valid UTF-8 (no lone surrogates) with no control character other than newline. */
export function isValidNoteText(text: string): boolean {
  // A lone surrogate has no UTF-8 encoding: the round trip replaces it.
  const wellFormed = new TextDecoder().decode(new TextEncoder().encode(text)) === text;
  // eslint-disable-next-line no-control-regex -- the control characters are what this looks for
  return wellFormed && !/[\u0000-\u0009\u000b-\u001f]/.test(text);
}

/**
 * Splits a signed note into its text and signature lines, or null when it is malformed. Says nothing
 * about whether any signature is valid: that needs the verifier keys.
 */
export function splitSignedNote(note: string): TSplitNote | null {
  if (!isValidNoteText(note)) return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return null;
  const signatures: TNoteSignatureBytes[] = [];
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return null;
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = rest.slice(0, space);
    const raw = space < 0 ? null : base64Bytes(rest.slice(space + 1));
    if (!raw || raw.length < 5 || !isValidKeyName(name)) return null;
    signatures.push({ name, keyId: raw.subarray(0, 4), signature: raw.subarray(4) });
  }
  return { text: note.slice(0, split + 1), signatures };
}

/** One signature line, as it follows the blank line of a note: "— <name> base64(key id ‖ signature)\n". */
export function signatureLineOf(name: string, keyIdAndSignature: Uint8Array): string {
  return `${SIGNATURE_PREFIX}${name} ${bytesToBase64(keyIdAndSignature)}\n`;
}

export type TCheckpointBytes = { origin: string; treeSize: number; rootHash: Uint8Array };

/**
 * Reads a checkpoint body: a non-empty origin, a tree size in decimal without leading zeros, a root
 * hash of 32 bytes in canonical base64, then optional non-empty extension lines. Null when malformed.
 */
export function readCheckpointBody(text: string): TCheckpointBytes | null {
  const lines = text.split('\n');
  const [origin, size, root] = lines;
  if (lines.length < 4 || lines.at(-1) !== '' || lines.slice(3, -1).some((l) => l === '')) return null;
  if (!origin || !/^(0|[1-9]\d{0,15})$/.test(size ?? '') || Number(size) > Number.MAX_SAFE_INTEGER) return null;
  const rootHash = base64Bytes(root ?? '');
  return rootHash?.length === 32 ? { origin, treeSize: Number(size), rootHash } : null;
}

/** The bytes whose SHA-256 begins with the recommended key id: name ‖ "\n" ‖ type ‖ public key. */
export function keyIdInput(name: string, type: number, publicKey: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${name}\n`);
  const input = new Uint8Array(head.length + 1 + publicKey.length);
  input.set(head);
  input[head.length] = type;
  input.set(publicKey, head.length + 1);
  return input;
}

/** Public key lengths of the vkey types read: Ed25519 (0x01), Ed25519 cosignatures (0x04), ML-DSA-44 cosignatures (0x06). */
const PUBLIC_KEY_LENGTH: Record<number, number> = { 0x01: 32, 0x04: 32, 0x06: 1312 };

export type TVkeyText = { name: string; keyIdHex: string; type: number; publicKey: Uint8Array };

/**
 * The parts of a vkey ("<name>+<key id, 8 hex digits>+<base64(type ‖ public key)>") of a type read here,
 * or null. The key id is not checked yet: that needs SHA-256 over keyIdInput.
 */
export function readVkeyText(text: string): TVkeyText | null {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text);
  if (!match) return null;
  const [, name, keyIdHex, b64] = match as unknown as [string, string, string, string];
  const raw = base64Bytes(b64);
  if (!raw || raw.length < 2 || !isValidKeyName(name)) return null;
  const type = raw[0]!;
  const publicKey = raw.subarray(1);
  return PUBLIC_KEY_LENGTH[type] === publicKey.length ? { name, keyIdHex, type, publicKey } : null;
}
