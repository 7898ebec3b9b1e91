// Signed notes (C2SP signed-note) carrying a checkpoint (C2SP tlog-checkpoint): the text a member or an
// auditor can verify with the published key alone. In shared/ (docs/architecture.md): the standalone
// verifier uses the same code.
import { createHash, createPublicKey, verify } from 'node:crypto';

const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

export type TCheckpoint = { origin: string; treeSize: number; rootHash: Buffer };

/** The key id of the signed-note spec: the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
export function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256').update(`${name}\n`).update(Buffer.of(ED25519)).update(publicKey).digest().subarray(0, 4);
}

/** A verifier key as published: "<name>+<key id, hex>+<base64(0x01 ‖ public key)>". */
export function verifierKey(name: string, publicKey: Buffer): string {
  return `${name}+${keyIdOf(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.of(ED25519), publicKey]).toString('base64')}`;
}

type TVerifier = { name: string; keyId: Buffer; publicKey: Buffer };

export function parseVerifierKey(text: string): TVerifier | null {
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text.trim());
  if (!match) return null;
  const raw = Buffer.from(match[3]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ED25519) return null;
  const publicKey = raw.subarray(1);
  const keyId = Buffer.from(match[2]!, 'hex');
  // The id is derived from name and key; a mismatch is a malformed (or forged) verifier key.
  return keyIdOf(match[1]!, publicKey).equals(keyId) ? { name: match[1]!, keyId, publicKey } : null;
}

/** The checkpoint body: origin, tree size, base64 root hash, each on its own line. */
export function checkpointBody(checkpoint: TCheckpoint): string {
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${checkpoint.rootHash.toString('base64')}\n`;
}

export type TNoteCheck =
  { ok: true; checkpoint: TCheckpoint; keyId: string } | { ok: false; problem: 'malformed' | 'unknown-key' | 'bad-signature' };

/**
 * Verifies a signed checkpoint note with any of the given verifier keys (current and retired): at least
 * one signature line must be by a known key and valid over the exact body; then the body is read.
 */
export function verifyCheckpointNote(note: string, verifierKeys: string[]): TNoteCheck {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { ok: false, problem: 'malformed' };
  const body = note.slice(0, split + 1);
  const signatures = note.slice(split + 2, -1).split('\n');
  const keys = verifierKeys.map(parseVerifierKey).filter((k): k is TVerifier => k !== null);
  for (const line of signatures) {
    if (!line.startsWith(SIGNATURE_PREFIX)) return { ok: false, problem: 'malformed' };
    const [name, b64] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    const raw = Buffer.from(b64 ?? '', 'base64');
    if (!name || raw.length !== 68) return { ok: false, problem: 'malformed' };
    const key = keys.find((k) => k.name === name && k.keyId.equals(raw.subarray(0, 4)));
    if (!key) continue;
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey.toString('base64url') }, format: 'jwk' });
    if (!verify(null, Buffer.from(body, 'utf8'), publicKey, raw.subarray(4))) return { ok: false, problem: 'bad-signature' };
    const lines = body.split('\n');
    const [origin, size, root] = lines;
    const rootHash = Buffer.from(root ?? '', 'base64');
    if (!origin || !/^\d{1,15}$/.test(size ?? '') || rootHash.length !== 32) return { ok: false, problem: 'malformed' };
    return { ok: true, checkpoint: { origin, treeSize: Number(size), rootHash }, keyId: key.keyId.toString('hex') };
  }
  // A line by a known key has returned above (valid or bad-signature): none of the lines was by one.
  return { ok: false, problem: 'unknown-key' };
}
