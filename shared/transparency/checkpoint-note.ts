// Signed notes (C2SP signed-note) carrying a checkpoint (C2SP tlog-checkpoint): the text a member or an
// auditor can verify with the published key alone. In shared/ (docs/architecture.md): the standalone
// verifier uses the same code.
import { verify } from 'node:crypto';
import { ed25519PublicKey } from '@/shared/transparency/ed25519-keys';
import { readCheckpointBody } from '@/shared/transparency/note-format';
import { SIGNATURE_TYPE, formatVkey, isBy, keyIdFor, parseSignedNote, parseVkey } from '@/shared/transparency/signed-note';

export type TCheckpoint = { origin: string; treeSize: number; rootHash: Buffer };

/** The log's key id: the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
export function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return keyIdFor(name, SIGNATURE_TYPE.ed25519, publicKey);
}

/** The log's verifier key as published: "<name>+<key id, hex>+<base64(0x01 ‖ public key)>". */
export function verifierKey(name: string, publicKey: Buffer): string {
  return formatVkey(name, SIGNATURE_TYPE.ed25519, publicKey);
}

type TVerifier = { name: string; keyId: Buffer; publicKey: Buffer };

/** A log verifier key (plain Ed25519, type 0x01), or null. */
export function parseVerifierKey(text: string): TVerifier | null {
  const key = parseVkey(text.trim());
  return key?.type === SIGNATURE_TYPE.ed25519 ? key : null;
}

/** The checkpoint body: origin, tree size, base64 root hash, each on its own line. */
export function checkpointBody(checkpoint: TCheckpoint): string {
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString('base64')}\n`;
}

/**
 * Reads a checkpoint body: a non-empty origin, a tree size in decimal without leading zeros, a root
 * hash of 32 bytes in canonical base64, then optional non-empty extension lines. Null when malformed.
 */
export function parseCheckpointBody(text: string): TCheckpoint | null {
  const body = readCheckpointBody(text);
  return body ? { ...body, rootHash: Buffer.from(body.rootHash.buffer, body.rootHash.byteOffset, body.rootHash.length) } : null;
}

export type TNoteCheck =
  | { ok: true; checkpoint: TCheckpoint; keyId: string; text: string }
  | { ok: false; problem: 'malformed' | 'unknown-key' | 'bad-signature' };

/**
 * Verifies a signed checkpoint note with any of the given log verifier keys (current and retired), as
 * signed-note says: signatures by other keys (witness cosignatures, keys of other types, of any length
 * and in any position) are ignored; a signature by a known key must verify or the whole note is
 * rejected; at least one must. Then the body is read as a checkpoint.
 */
export function verifyCheckpointNote(note: string, verifierKeys: string[]): TNoteCheck {
  const parsed = parseSignedNote(note);
  if (!parsed) return { ok: false, problem: 'malformed' };
  const keys = verifierKeys.map(parseVerifierKey).filter((k): k is TVerifier => k !== null);
  let verifiedBy: TVerifier | null = null;
  for (const signature of parsed.signatures) {
    const key = keys.find((k) => isBy(signature, k));
    if (!key) continue;
    const valid =
      signature.signature.length === 64 &&
      verify(null, Buffer.from(parsed.text, 'utf8'), ed25519PublicKey(key.publicKey), signature.signature);
    if (!valid) return { ok: false, problem: 'bad-signature' };
    verifiedBy ??= key;
  }
  if (!verifiedBy) return { ok: false, problem: 'unknown-key' };
  const checkpoint = parseCheckpointBody(parsed.text);
  if (!checkpoint) return { ok: false, problem: 'malformed' };
  return { ok: true, checkpoint, keyId: verifiedBy.keyId.toString('hex'), text: parsed.text };
}
