// A transparency log held in memory, for tests of witnesses and their clients: leaves, signed
// checkpoints and add-checkpoint request bodies built with the shared code and a fresh log key.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { plainRoot } from '@/tests/merkle-reference';
import { checkpointBody, keyIdOf, verifierKey } from '@/shared/transparency/checkpoint-note';
import { rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { type TTreeSource, consistencyProof } from '@/shared/transparency/merkle';
import { signatureLine } from '@/shared/transparency/signed-note';

export function memoryLog(origin: string) {
  const { privateKey } = generateKeyPairSync('ed25519');
  const publicKey = rawPublicKey(privateKey);
  const leaves: Buffer[] = [];
  const source = (of: Buffer[]): TTreeSource => ({ perfect: (start, size) => Promise.resolve(plainRoot(of.slice(start, start + size))) });

  const log = {
    origin,
    vkey: verifierKey(origin, publicKey),
    leaves,
    append(count: number, tag = 'entry') {
      for (let i = 0; i < count; i++) leaves.push(createHash('sha256').update(`\0${tag} ${leaves.length}`).digest());
    },
    /** The signed checkpoint of the first `size` leaves (of `of`, default this log's). */
    checkpoint(size = leaves.length, of: Buffer[] = leaves): string {
      const body = checkpointBody({ origin, treeSize: size, rootHash: plainRoot(of.slice(0, size)) });
      return `${body}\n${signatureLine(origin, keyIdOf(origin, publicKey), sign(null, Buffer.from(body), privateKey))}`;
    },
    /** An add-checkpoint body from `oldSize` to `size`, with the proof from this log's leaves (or `of`). */
    async request(oldSize: number, size = leaves.length, of: Buffer[] = leaves): Promise<string> {
      const proof = await consistencyProof(source(of), oldSize, size);
      return `old ${oldSize}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${log.checkpoint(size, of)}`;
    },
  };
  return log;
}
