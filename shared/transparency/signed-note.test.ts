import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkpointBody, keyIdOf, verifierKey, verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { cosign } from '@/shared/transparency/cosignature';
import { parseSignedNote, parseVkey, signatureLine, strictBase64 } from '@/shared/transparency/signed-note';

// Vectors of Go's golang.org/x/mod/sumdb/note tests (TestOpen, TestNewVerifier): an implementation we did not write.
const PETER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_KEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

describe('signed notes (C2SP signed-note) against Go sumdb/note vectors', () => {
  it('reads the text and both signatures; the key ids are the vkeys of Go’s tests', () => {
    const note = parseSignedNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`)!;
    expect(note.text).toBe(TEXT);
    expect(note.signatures.map((s) => `${s.name}+${s.keyId.toString('hex')}`)).toEqual(['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78']);
    expect(parseVkey(PETER_KEY)).toMatchObject({ name: 'PeterNeumann', type: 1 });
    expect(parseVkey(ENOCH_KEY)).toMatchObject({ name: 'EnochRoot', type: 1 });
  });

  it('refuses what Go refuses as a malformed note', () => {
    for (const bad of [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `\ud800${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.repeat(101)}`,
    ])
      expect(parseSignedNote(bad), JSON.stringify(bad)).toBeNull();
  });

  it('refuses Go’s bad verifier keys: a wrong length, an unknown algorithm', () => {
    expect(parseVkey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')).toBeNull();
    expect(parseVkey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBeNull();
    expect(parseVkey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toBeNull();
  });

  it('accepts only canonical standard base64', () => {
    expect(strictBase64('AAEC')?.toString('hex')).toBe('000102');
    for (const bad of ['AAE', 'AAE=A', 'AA-_', 'AAF=', 'AA==AA==', ' AAEC']) expect(strictBase64(bad), bad).toBeNull();
  });
});

describe('a checkpoint note', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const origin = 'gateway.example/log';
  const vkey = verifierKey(origin, raw);
  const signed = (body: string) => `${body}\n${signatureLine(origin, keyIdOf(origin, raw), sign(null, Buffer.from(body), privateKey))}`;
  const body = checkpointBody({ origin, treeSize: 7, rootHash: Buffer.alloc(32, 7) });

  it('verifies with the log key, whatever unknown signatures stand before or after it', () => {
    const witness = generateKeyPairSync('ed25519');
    const cosignature = cosign({ name: 'w.example/1', keyId: Buffer.from('01020304', 'hex'), privateKey: witness.privateKey }, body, 1n);
    const foreign = `\u2014 other.example/log ${Buffer.alloc(4 + 2420, 9).toString('base64')}\n`;
    const note = signed(body);
    const [text = '', line = ''] = note.split('\n\n');
    for (const reordered of [`${text}\n\n${cosignature}${line}`, `${text}\n\n${foreign}${line}${cosignature}`]) {
      expect(verifyCheckpointNote(reordered, [vkey])).toMatchObject({ ok: true, checkpoint: { treeSize: 7 } });
    }
  });

  it('is refused when a signature by the log key fails, even beside a valid one', () => {
    const note = signed(body);
    const forged = note.replace(/ (\S+)\n$/, (_m, b64: string) => ` ${b64.slice(0, 10)}${b64[10] === 'A' ? 'B' : 'A'}${b64.slice(11)}\n`);
    expect(verifyCheckpointNote(forged, [vkey])).toEqual({ ok: false, problem: 'bad-signature' });
    expect(verifyCheckpointNote(note + forged.split('\n\n')[1]!, [vkey])).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('refuses a tree size with leading zeros, a root that is not canonical base64 or 32 bytes, empty extension lines', () => {
    const root = Buffer.alloc(32, 7).toString('base64');
    for (const bad of [
      `${origin}\n07\n${root}\n`,
      `${origin}\n7\n${root.replace('=', '')}\n`,
      `${origin}\n7\nAAAA\n`,
      `${origin}\n7\n${root}\n\nx\n`,
    ])
      expect(verifyCheckpointNote(signed(bad), [vkey]).ok, bad).toBe(false);
    expect(verifyCheckpointNote(signed(`${origin}\n0\n${root}\n`), [vkey]).ok).toBe(true);
    expect(verifyCheckpointNote(signed(`${origin}\n7\n${root}\nextension\n`), [vkey]).ok).toBe(true);
  });

  it('says unknown-key when no signature is by a known key', () => {
    expect(verifyCheckpointNote(`${body}\n${PETER_SIG}`, [vkey])).toEqual({ ok: false, problem: 'unknown-key' });
  });
});
