import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointBody, keyIdOf, verifierKey, verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { rebuildRootsWith } from '@/shared/transparency/consistency-steps';
import { cosign } from '@/shared/transparency/cosignature';
import { rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { consistencyProof, fullConsistencyPath, inclusionProof, rebuildRoots, treeHead } from '@/shared/transparency/merkle';
import { signatureLine } from '@/shared/transparency/signed-note';
import { plainRoot } from '@/tests/merkle-reference';
import { importLogKey, leftSubtreeHash, nodeHashWeb, verifyCheckpointNoteWeb } from '@/shared/transparency/webcrypto-checkpoint';

// The Go sumdb/note vectors of signed-note.test.ts: the key ids are checked with WebCrypto's SHA-256 here.
const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';

const leaves = Array.from({ length: 70 }, (_, i) => createHash('sha256').update(`leaf ${i}`).digest());
const source = { perfect: (start: number, size: number) => Promise.resolve(plainRoot(leaves.slice(start, start + size))) };

describe('WebCrypto checkpoint verification (the browser watcher, docs/decisions/0059)', () => {
  it('reads Go’s verifier keys and refuses a wrong key id, as the node:crypto parser does', async () => {
    expect(await importLogKey(PETER_KEY)).toMatchObject({ name: 'PeterNeumann' });
    expect(await importLogKey(ENOCH_KEY)).toMatchObject({ name: 'EnochRoot' });
    expect(await importLogKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBeNull();
    expect(await importLogKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBeNull();
  });

  it('gives the same answer as the server’s verifier on valid, cosigned, tampered and foreign notes', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const raw = rawPublicKey(privateKey);
    const origin = 'gateway.example/log';
    const vkey = verifierKey(origin, raw);
    const body = checkpointBody({ origin, treeSize: 7, rootHash: Buffer.alloc(32, 7) });
    const line = signatureLine(origin, keyIdOf(origin, raw), sign(null, Buffer.from(body), privateKey));
    const witness = generateKeyPairSync('ed25519').privateKey;
    const cosignature = cosign({ name: 'w.example/1', keyId: Buffer.from('01020304', 'hex'), privateKey: witness }, body, 1n);
    const other = generateKeyPairSync('ed25519').privateKey;
    const notes = [
      `${body}\n${line}`,
      `${body}\n${cosignature}${line}`,
      `${body.replace('7\n', '8\n')}\n${line}`,
      `${body}\n${line.replace(/ (\S)/, (_m, c: string) => ` ${c === 'A' ? 'B' : 'A'}`)}`,
      `${body}\n${signatureLine(origin, keyIdOf(origin, raw), sign(null, Buffer.from(body), other))}`,
      `${body}\n${cosignature}`,
      `${body}${line}`,
      `${origin}\n07\n${Buffer.alloc(32).toString('base64')}\n\n${line}`,
    ];
    const keys = [(await importLogKey(vkey))!];
    for (const note of notes) {
      const server = verifyCheckpointNote(note, [vkey]);
      const web = await verifyCheckpointNoteWeb(note, keys);
      expect(web.ok ? { ok: true, treeSize: web.checkpoint.treeSize } : web, note).toEqual(
        server.ok ? { ok: true, treeSize: server.checkpoint.treeSize } : server,
      );
    }
    expect((await verifyCheckpointNoteWeb(notes[1]!, keys)).ok).toBe(true);
  });

  it('rebuilds the same roots as merkle.ts for every consistency proof of trees up to 40 leaves', async () => {
    for (let n = 2; n <= 40; n++) {
      const newRoot = await treeHead(source, n);
      for (let m = 1; m < n; m++) {
        const oldRoot = await treeHead(source, m);
        const path = fullConsistencyPath(m, oldRoot, await consistencyProof(source, m, n));
        const web = await rebuildRootsWith(m, n, path, nodeHashWeb);
        expect(web && { oldRoot: Buffer.from(web.oldRoot), newRoot: Buffer.from(web.newRoot) }).toEqual(rebuildRoots(m, n, path));
        expect(Buffer.from(web!.newRoot).equals(newRoot) && Buffer.from(web!.oldRoot).equals(oldRoot)).toBe(true);
        expect(await rebuildRootsWith(m, n, path.slice(1), nodeHashWeb)).toBeNull();
      }
    }
  });

  it('takes the left subtree of a power-of-two size from leaf 0’s inclusion proof, only when the proof makes the root', async () => {
    for (const n of [2, 3, 8, 9, 33, 64, 70]) {
      const root = await treeHead(source, n);
      const path = await inclusionProof(source, 0, n);
      for (let size = 1; size < n; size *= 2) {
        expect(Buffer.from((await leftSubtreeHash(size, n, leaves[0]!, path, root))!)).toEqual(await treeHead(source, size));
      }
      expect(await leftSubtreeHash(1, n, leaves[1]!, path, root)).toBeNull();
      expect(await leftSubtreeHash(1, n, leaves[0]!, path.slice(1), root)).toBeNull();
    }
  });
});
