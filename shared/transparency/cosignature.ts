// Witness cosignatures of C2SP tlog-cosignature, the Ed25519 type (0x04): a note signature over
// "cosignature/v1\ntime <t>\n" followed by the checkpoint's text, carrying the time as a u64 before the
// signature. The ML-DSA-44 type (0x06) that the specification recommends needs a signature algorithm
// Node 20 lacks (docs/decisions/0056): its lines are ignored like any unknown key's. In shared/: the
// witness signs with it, the gateway and the standalone verifiers check with it.
import { type KeyObject, sign, verify } from 'node:crypto';
import { ed25519PublicKey } from '@/shared/transparency/ed25519-keys';
import { SIGNATURE_TYPE, type TNoteSignature, type TVkey, isBy, signatureLine } from '@/shared/transparency/signed-note';

const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** The message an Ed25519 cosignature signs: the header line, the time line, the checkpoint's text. */
export function cosignedMessage(checkpointText: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

export type TCosigner = { name: string; keyId: Buffer; privateKey: KeyObject };

/** A cosignature line over the checkpoint text at `timestamp` (POSIX seconds), newline included. */
export function cosign(cosigner: TCosigner, checkpointText: string, timestamp: bigint): string {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(timestamp);
  const signature = sign(null, cosignedMessage(checkpointText, timestamp), cosigner.privateKey);
  return signatureLine(cosigner.name, cosigner.keyId, Buffer.concat([time, signature]));
}

export type TCosignature = { timestamp: bigint };

/**
 * Checks one signature line as a cosignature by `key` (a 0x04 vkey) over the checkpoint text: null when
 * it is not by that key (ignore it), 'invalid' when it is by that key and does not verify, or the time
 * it states. Times beyond `latestTime` (POSIX seconds), when given, count as invalid: the specification
 * lets verifiers refuse cosignatures from the future.
 */
export function checkCosignature(
  signature: TNoteSignature,
  key: TVkey,
  checkpointText: string,
  latestTime?: bigint,
): TCosignature | 'invalid' | null {
  if (key.type !== SIGNATURE_TYPE.cosignatureV1 || !isBy(signature, key)) return null;
  if (signature.signature.length !== 8 + 64) return 'invalid';
  const timestamp = signature.signature.readBigUInt64BE(0);
  if (timestamp > MAX_TIMESTAMP || (latestTime !== undefined && timestamp > latestTime)) return 'invalid';
  const valid = verify(null, cosignedMessage(checkpointText, timestamp), ed25519PublicKey(key.publicKey), signature.signature.subarray(8));
  return valid ? { timestamp } : 'invalid';
}
