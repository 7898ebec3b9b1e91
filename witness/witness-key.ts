// The witness's Ed25519 key: a 32-byte seed in base64 (like the log's LOG_SIGNING_KEY), published as a
// cosignature vkey (type 0x04).
import { randomBytes } from 'node:crypto';
import type { TCosigner } from '@/shared/transparency/cosignature';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { SIGNATURE_TYPE, formatVkey, keyIdFor } from '@/shared/transparency/signed-note';

export function generateSeed(): string {
  return randomBytes(32).toString('base64');
}

export function witnessKey(name: string, seed: string): { cosigner: TCosigner; vkey: string } {
  const privateKey = privateKeyFromSeed(Buffer.from(seed, 'base64'));
  const publicKey = rawPublicKey(privateKey);
  return {
    cosigner: { name, keyId: keyIdFor(name, SIGNATURE_TYPE.cosignatureV1, publicKey), privateKey },
    vkey: formatVkey(name, SIGNATURE_TYPE.cosignatureV1, publicKey),
  };
}
