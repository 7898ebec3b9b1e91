// A log served as tiles from memory, for tests of the mirror and the monitor: entries, their tiles built
// the plain way (RFC 6962 over the leaves), a signed checkpoint, and a remote that serves them.
import { type KeyObject, createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { TRemoteLog, TTileAnswer } from '@/log-follower/remote-log';
import { plainRoot } from '@/tests/merkle-reference';
import { checkpointBody, keyIdOf, verifierKey } from '@/shared/transparency/checkpoint-note';
import { rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { signatureLine } from '@/shared/transparency/signed-note';
import { TILE_WIDTH, type TTile, encodeEntryBundle, tileSpan } from '@/shared/transparency/tiles';

export type TTiledMemoryLog = {
  origin: string;
  vkey: string;
  entries: Buffer[];
  append(count: number, tag?: string): void;
  fork(keep: number): TTiledMemoryLog;
  checkpoint(size?: number): string;
  tileBytes(tile: TTile): Buffer | null;
  remote(size?: number, entries?: (tile: TTile) => boolean): TRemoteLog & { requests: string[] };
};

export function tiledMemoryLog(
  origin = 'test.example/tiled-log',
  privateKey: KeyObject = generateKeyPairSync('ed25519').privateKey,
): TTiledMemoryLog {
  const publicKey = rawPublicKey(privateKey);
  const leafOf = (entry: Buffer) => createHash('sha256').update(Buffer.of(0)).update(entry).digest();

  const log: TTiledMemoryLog = {
    origin,
    vkey: verifierKey(origin, publicKey),
    entries: [] as Buffer[],
    append(count, tag = 'entry') {
      for (let i = 0; i < count; i++) log.entries.push(Buffer.from(`${tag} ${log.entries.length}`));
    },
    /** The same log (same key) with only the first `keep` entries: what a log rewriting its history would sign next. */
    fork(keep) {
      const other = tiledMemoryLog(origin, privateKey);
      other.entries.push(...log.entries.slice(0, keep));
      return other;
    },
    /** The signed checkpoint of the first `size` entries. */
    checkpoint(size = log.entries.length) {
      const body = checkpointBody({ origin, treeSize: size, rootHash: plainRoot(log.entries.slice(0, size).map(leafOf)) });
      return `${body}\n${signatureLine(origin, keyIdOf(origin, publicKey), sign(null, Buffer.from(body), privateKey))}`;
    },
    tileBytes(tile) {
      const { start, end } = tileSpan(tile);
      if (end > log.entries.length) return null;
      if (tile.level === 'entries') return encodeEntryBundle(log.entries.slice(start, end));
      const per = TILE_WIDTH ** tile.level;
      const leaves = log.entries.slice(start, end).map(leafOf);
      return Buffer.concat(Array.from({ length: tile.width }, (_, i) => plainRoot(leaves.slice(i * per, (i + 1) * per))));
    },
    /** A remote serving the newest checkpoint of `size` entries (default: all), entry bundles only when `entries` says so. */
    remote(size, entries = () => true) {
      const requests: string[] = [];
      return {
        prefix: `memory://${origin}`,
        requests,
        checkpoint: () => Promise.resolve(log.checkpoint(size)),
        tile(tile) {
          requests.push(`${tile.level}/${tile.index}/${tile.width}`);
          const answer = (): TTileAnswer => {
            if (tile.level === 'entries' && !entries(tile)) return { kind: 'forbidden', status: 403 };
            if (tileSpan(tile).end > (size ?? log.entries.length)) return { kind: 'missing' };
            const bytes = log.tileBytes(tile);
            return bytes ? { kind: 'ok', bytes } : { kind: 'missing' };
          };
          return Promise.resolve(answer());
        },
      };
    },
  };
  return log;
}
