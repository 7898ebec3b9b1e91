import { describe, expect, it } from 'vitest';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { checkCosignature, cosign, cosignedMessage } from '@/shared/transparency/cosignature';
import { SIGNATURE_TYPE, formatVkey, keyIdFor, parseSignedNote, parseVkey } from '@/shared/transparency/signed-note';

// The example of C2SP tlog-cosignature: a checkpoint with the log's signature and one cosignature.
const SPEC_CHECKPOINT = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
`;
// The signed message of the specification's example: header, the example's time, the checkpoint text.
const SPEC_MESSAGE = `cosignature/v1
time 1679315147
example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
`;

// A fixed test key (the seed of RFC 8032 section 7.1, test 1). The expected vkey and line were made by a
// separate Go program with Go's crypto/ed25519 over the specification's message, not by this code.
const SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const privateKey = privateKeyFromSeed(Buffer.from(SEED, 'hex'));
const publicKey = rawPublicKey(privateKey);
const NAME = 'witness.example.com/w1';
const cosigner = { name: NAME, keyId: keyIdFor(NAME, SIGNATURE_TYPE.cosignatureV1, publicKey), privateKey };
const vkey = parseVkey(formatVkey(NAME, SIGNATURE_TYPE.cosignatureV1, publicKey))!;

describe('Ed25519 cosignatures (C2SP tlog-cosignature, type 0x04)', () => {
  it('reads the specification’s example: a 4-byte key id, then the u64 time of its signed message, then 64 bytes', () => {
    const note = parseSignedNote(SPEC_CHECKPOINT)!;
    const cosignature = note.signatures[1]!;
    expect(cosignature.name).toBe('witness.example.com/w1');
    expect(cosignature.signature).toHaveLength(8 + 64);
    expect(cosignature.signature.readBigUInt64BE(0)).toBe(1679315147n);
    expect(cosignedMessage(note.text, 1679315147n).toString()).toBe(SPEC_MESSAGE);
  });

  it('signs the exact bytes of the fixed-key vector and verifies them', () => {
    const text = parseSignedNote(SPEC_CHECKPOINT)!.text;
    const line = cosign(cosigner, text, 1679315147n);
    expect(vkey.text).toBe('witness.example.com/w1+7e6f4aaa+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea');
    expect(line).toBe(
      '\u2014 witness.example.com/w1 fm9KqgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0yDXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==\n',
    );
    const parsed = parseSignedNote(`${text}\n${line}`)!;
    expect(checkCosignature(parsed.signatures[0]!, vkey, text)).toEqual({ timestamp: 1679315147n });
  });

  it('ignores lines by other keys, refuses a changed body, a future time and a wrong length', () => {
    const text = parseSignedNote(SPEC_CHECKPOINT)!.text;
    const [logSignature, specCosignature] = parseSignedNote(SPEC_CHECKPOINT)!.signatures;
    expect(checkCosignature(logSignature!, vkey, text)).toBeNull();
    // Same name, another key id: an unknown key, not an invalid signature.
    expect(checkCosignature(specCosignature!, vkey, text)).toBeNull();
    const ours = parseSignedNote(`${text}\n${cosign(cosigner, text, 1679315147n)}`)!.signatures[0]!;
    expect(checkCosignature(ours, vkey, text.replace('20852163', '20852164'))).toBe('invalid');
    expect(checkCosignature(ours, vkey, text, 1679315146n)).toBe('invalid');
    expect(checkCosignature({ ...ours, signature: ours.signature.subarray(0, 70) }, vkey, text)).toBe('invalid');
  });
});
