// Signed checkpoints and Merkle hashes with WebCrypto (SHA-256 and Ed25519 of crypto.subtle), for the
// member's browser as a watcher of the log (docs/decisions/0059). The formats are read by note-format.ts,
// the code the server's node:crypto verifier (checkpoint-note.ts) reads them with; only the hash and the
// signature check differ. crypto.subtle is in browsers and in Node, so the tests run it as the browser does.
import {
  type TCheckpointBytes,
  type TNoteSignatureBytes,
  keyIdInput,
  readCheckpointBody,
  readVkeyText,
  sameBytes,
  splitSignedNote,
} from '@/shared/transparency/note-format';

const ED25519_NOTE_KEY = 0x01;

/** WebCrypto wants an ArrayBuffer-backed view; a copy gives one whatever the input's buffer. */
const view = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', view(bytes)));
}

/** RFC 6962 interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHashWeb(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  const input = new Uint8Array(65);
  input[0] = 1;
  input.set(left, 1);
  input.set(right, 33);
  return sha256(input);
}

export type TWebLogKey = { vkey: string; name: string; keyId: Uint8Array; key: CryptoKey };

/** A log verifier key (Ed25519 note key, type 0x01) whose key id matches, ready to verify; null otherwise. */
export async function importLogKey(vkey: string): Promise<TWebLogKey | null> {
  const parts = readVkeyText(vkey.trim());
  if (parts?.type !== ED25519_NOTE_KEY) return null;
  const keyId = (await sha256(keyIdInput(parts.name, parts.type, parts.publicKey))).subarray(0, 4);
  if (Array.from(keyId, (b) => b.toString(16).padStart(2, '0')).join('') !== parts.keyIdHex) return null;
  const key = await crypto.subtle.importKey('raw', view(parts.publicKey), { name: 'Ed25519' }, false, ['verify']);
  return { vkey: vkey.trim(), name: parts.name, keyId, key };
}

export type TWebNoteCheck =
  { ok: true; checkpoint: TCheckpointBytes } | { ok: false; problem: 'malformed' | 'unknown-key' | 'bad-signature' };

const isBy = (signature: TNoteSignatureBytes, key: TWebLogKey) => signature.name === key.name && sameBytes(signature.keyId, key.keyId);

/**
 * As verifyCheckpointNote of checkpoint-note.ts: signatures by other keys (witness cosignatures among them)
 * are ignored; one by a known key must verify or the note is rejected; at least one must.
 */
export async function verifyCheckpointNoteWeb(note: string, keys: readonly TWebLogKey[]): Promise<TWebNoteCheck> {
  const parsed = splitSignedNote(note);
  if (!parsed) return { ok: false, problem: 'malformed' };
  const text = new TextEncoder().encode(parsed.text);
  let verified = false;
  for (const signature of parsed.signatures) {
    const key = keys.find((k) => isBy(signature, k));
    if (!key) continue;
    const valid =
      signature.signature.length === 64 &&
      (await crypto.subtle.verify({ name: 'Ed25519' }, key.key, view(signature.signature), view(text)));
    if (!valid) return { ok: false, problem: 'bad-signature' };
    verified = true;
  }
  if (!verified) return { ok: false, problem: 'unknown-key' };
  const checkpoint = readCheckpointBody(parsed.text);
  return checkpoint ? { ok: true, checkpoint } : { ok: false, problem: 'malformed' };
}

/**
 * The hash of the first `size` leaves (a power of two) of a tree of `treeSize` leaves, from the inclusion
 * proof of leaf 0 in that tree, once that proof rebuilds the tree's `root`: leaf 0 is always the left
 * child, so its path from the bottom are the right siblings, and the first log2(size) of them make the
 * subtree. Null when the proof does not rebuild the root.
 */
export async function leftSubtreeHash(
  size: number,
  treeSize: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<Uint8Array | null> {
  if ((treeSize - 1).toString(2).length !== path.length || treeSize < 2) return null;
  let hash = leaf;
  let subtree: Uint8Array | null = size === 1 ? leaf : null;
  for (const [i, sibling] of path.entries()) {
    hash = await nodeHashWeb(hash, sibling);
    if (2 ** (i + 1) === size) subtree = hash;
  }
  return sameBytes(hash, root) ? subtree : null;
}
