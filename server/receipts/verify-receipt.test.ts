import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { FIXTURE_CONFIG, type TFixtureEntry, decisionPayload, receiptFixture, resigned } from '@/tests/receipt-fixture';
import { verifierKey } from '@/shared/transparency/checkpoint-note';
import type { TReceiptFile } from '@/server/receipts/receipt-format';
import { signReceipt } from '@/server/receipts/sign-receipt';
import { type TReceiptVerification, verifyReceipt } from '@/server/receipts/verify-receipt';
import { logSigner } from '@/server/transparency/checkpoints';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { parsePolicy } from '@/shared/transparency/policy';
import { SIGNATURE_TYPE, formatVkey, keyIdFor } from '@/shared/transparency/signed-note';
import { parseTlogProof } from '@/shared/transparency/tlog-proof';

const failed = (r: TReceiptVerification) =>
  Object.fromEntries(r.checks.filter((c) => c.ok === false).map((c) => [c.check, c.detail ?? '']));
const check = (file: TReceiptFile, keys: string[]) => verifyReceipt(JSON.stringify(file), keys);

async function given(recording = false) {
  const payload = decisionPayload('given', { recording });
  return { payload, ...(await receiptFixture({ entries: [{ eventType: 'consent.given', payload }], receiptOf: 0 })) };
}

describe('receipt builder', () => {
  it('carries the claims of a consent given, each purpose with the sentence agreed to', async () => {
    const { file, payload } = await given();
    const r = file.receipt;
    expect(r).toMatchObject({
      version: 'consent-gateway-receipt/2',
      jurisdiction: 'DE',
      language: 'de',
      event: 'consent.given',
      decisionId: payload.decisionId,
      piiPrincipalId: 'R-0123456789ABCDEF',
      piiController: FIXTURE_CONFIG.controller,
      notice: { disclosureVersionId: payload.disclosure.versionId, version: 2, language: 'de', sha256: payload.disclosure.hash },
      privacyNoticeUrl: 'https://beratung.musterkasse.example/datenschutz',
      dataCategories: [
        { id: 'image-and-voice', specialCategory: false, label: 'Bild und Stimme in der Videoberatung' },
        { id: 'social-data', specialCategory: false, label: 'Sozialdaten (§ 67 SGB X): was Sie in der Beratung sagen und zeigen' },
        { id: 'health', specialCategory: true, label: 'Gesundheitsdaten (Art. 9 DSGVO)' },
      ],
      recipients: [
        {
          name: 'Skype',
          operator: 'Microsoft Corporation',
          processingRegion: 'THIRD_COUNTRY',
          countries: ['US'],
          endToEndEncrypted: false,
        },
      ],
      retention: { consentLogYears: 4 },
      storage: { countries: ['DE'], text: 'Das Einwilligungsprotokoll wird gespeichert in: Deutschland.' },
      withdrawal: { contact: 'service@musterkasse.example' },
      history: [{ event: 'consent.given', recordedAt: r.consentTimestamp, decisionId: payload.decisionId, leafIndex: 5 }],
    });
    const sgbX = { id: 'sgb-x', citation: FIXTURE_CONFIG.socialDataBasis };
    const consent = { id: 'gdpr-6-1-a', citation: 'Art. 6 Abs. 1 lit. a DSGVO (Einwilligung)' };
    expect(r.version === 'consent-gateway-receipt/2' && r.lawfulBases.map((b) => [b.purpose, b.bases.map((x) => x.id)])).toEqual([
      ['video-transmission', ['gdpr-6-1-a', 'gdpr-9-2-a', 'sgb-x']],
      ['third-country-transfer', ['gdpr-6-1-a', 'gdpr-9-2-a', 'gdpr-49-1-a', 'sgb-x']],
      ['recording', ['gdpr-6-1-a', 'gdpr-9-2-a', 'sgb-x']],
    ]);
    expect(r.version === 'consent-gateway-receipt/2' && r.lawfulBases[0]!.bases).toEqual([
      consent,
      { id: 'gdpr-9-2-a', citation: expect.stringContaining('Art. 9 Abs. 2 lit. a DSGVO') as unknown },
      sgbX,
    ]);
    expect(r.purposes).toEqual([
      { id: 'video-transmission', statement: payload.terms.statements.transmission, state: 'given' },
      { id: 'third-country-transfer', statement: payload.terms.statements.thirdCountryTransfer, state: 'given' },
      { id: 'recording', statement: payload.terms.statements.recording, state: 'not-given' },
    ]);
    expect(r.receiptId).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.consentTimestamp).toBe(r.evidence.event.entry.recordedAt);
    expect(r.evidence.event.leafIndex).toBe(5);
    expect(r.evidence.decision).toBeUndefined();
    expect(file.jws).toMatch(/^[\w-]+\.\.[\w-]+$/);
    expect(JSON.parse(Buffer.from(file.jws.split('.')[0]!, 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      kid: expect.stringMatching(/^test\.consent-gateway\/consent-log\+[0-9a-f]{8}$/) as unknown,
      cty: 'consent-receipt+json',
    });
  });

  it('marks a refusal refused, and a service without a transfer abroad has no such purpose', async () => {
    const payload = decisionPayload('refused', { thirdCountry: false });
    const { file } = await receiptFixture({ entries: [{ eventType: 'consent.refused', payload }], receiptOf: 0 });
    expect(file.receipt.purposes.map((p) => [p.id, p.state])).toEqual([
      ['video-transmission', 'refused'],
      ['recording', 'refused'],
    ]);
  });

  it('proves a withdrawal together with the decision it withdraws', async () => {
    const payload = decisionPayload('given', { recording: true });
    const entries: TFixtureEntry[] = [
      { eventType: 'consent.given', payload },
      { eventType: 'call.join_allowed', payload: {} },
      { eventType: 'consent.recording_withdrawn', payload: { decisionId: payload.decisionId, scope: 'recording', channel: 'web' } },
      { eventType: 'consent.withdrawn', payload: { decisionId: payload.decisionId, scope: 'all', channel: 'web' } },
    ];
    const recordingOnly = await receiptFixture({ entries, receiptOf: 2, decisionOf: 0 });
    expect(recordingOnly.file.receipt.purposes.map((p) => p.state)).toEqual(['given', 'given', 'withdrawn']);
    const all = await receiptFixture({ entries, receiptOf: 3, decisionOf: 0 });
    expect(all.file.receipt.event).toBe('consent.withdrawn');
    expect(all.file.receipt.purposes.map((p) => p.state)).toEqual(['withdrawn', 'withdrawn', 'withdrawn']);
    expect(all.file.receipt.evidence.decision?.leafIndex).toBe(5);
    const result = await check(all.file, all.keys);
    expect(failed(result)).toEqual({});
    expect(result.ok).toBe(true);
  });

  it("carries the consent's history in this consultation, each event proven, and refuses one from elsewhere", async () => {
    const refused = decisionPayload('refused');
    const payload = decisionPayload('given', { recording: true });
    const other = randomUUID();
    const entries: TFixtureEntry[] = [
      { eventType: 'consent.refused', payload: refused },
      { eventType: 'consent.given', payload },
      { eventType: 'consent.recording_withdrawn', payload: { decisionId: payload.decisionId, scope: 'recording', channel: 'web' } },
      { eventType: 'consent.withdrawn', payload: { decisionId: payload.decisionId, scope: 'all', channel: 'web' } },
      { eventType: 'consent.given', payload: decisionPayload('given'), consultationId: other },
    ];
    const { file, keys } = await receiptFixture({ entries, receiptOf: 3, decisionOf: 1, historyOf: [0, 2] });
    const r = file.receipt;
    expect(r.version === 'consent-gateway-receipt/2' && r.history.map((h) => [h.event, h.decisionId, h.leafIndex])).toEqual([
      ['consent.refused', refused.decisionId, 5],
      ['consent.given', payload.decisionId, 6],
      ['consent.recording_withdrawn', payload.decisionId, 7],
      ['consent.withdrawn', payload.decisionId, 8],
    ]);
    expect(failed(await check(file, keys))).toEqual({});

    await expect(receiptFixture({ entries, receiptOf: 3, decisionOf: 1, historyOf: [4] })).rejects.toThrow('history');
    const shortened = await resigned(file, (receipt) => {
      if (receipt.version === 'consent-gateway-receipt/2') receipt.history.shift();
    });
    expect(failed(await check(shortened, keys))).toEqual({ claims: 'history' });
    const dropped = await resigned(file, (receipt) => {
      if (receipt.version === 'consent-gateway-receipt/2') receipt.evidence.history.shift();
    });
    expect(failed(await check(dropped, keys))).toEqual({ claims: 'history' });
    const forged = await resigned(file, (receipt) => {
      if (receipt.version === 'consent-gateway-receipt/2')
        receipt.evidence.history[0]!.inclusionProof[0] = Buffer.alloc(32).toString('base64');
    });
    expect(failed(await check(forged, keys))).toEqual({ inclusion: 'history.0' });
  });

  it('keeps verifying a receipt of version 1, issued before the ISO/IEC TS 27560 claims (a file the earlier builder wrote)', async () => {
    const text = readFileSync('tests/vectors/receipt-v1-withdrawal.json', 'utf8');
    const { keys } = await given();
    const result = await verifyReceipt(text, keys);
    expect(result.receipt?.version).toBe('consent-gateway-receipt/1');
    expect(failed(result)).toEqual({});
    expect(result.ok).toBe(true);
    const changed = text.replace('"state": "withdrawn"', '"state": "given"');
    expect(failed(await verifyReceipt(changed, keys))).toEqual({ signature: 'bad-signature', claims: 'purposes' });
  });

  it('signs the same receipt with the same signature (Ed25519 is deterministic), so a download repeats byte for byte', async () => {
    const { file } = await given();
    expect((await signReceipt(structuredClone(file.receipt), logSigner()!)).jws).toBe(file.jws);
  });
});

describe('receipt verifier', () => {
  it('accepts an untouched receipt and names the checkpoint it is proven against', async () => {
    const { file, keys } = await given(true);
    const result = await check(file, keys);
    expect(result.checks.map((c) => [c.check, c.ok])).toEqual([
      ['format', true],
      ['signature', true],
      ['entry', true],
      ['checkpoint', true],
      ['inclusion', true],
      ['claims', true],
      ['witnesses', null],
    ]);
    expect(result.ok).toBe(true);
    expect(result.checkpoint).toMatchObject({ origin: 'test.consent-gateway/consent-log', treeSize: 10 });
  });

  it('a changed claim breaks the signature; signed again it no longer matches the entry', async () => {
    const { file, keys } = await given();
    const changed = structuredClone(file);
    changed.receipt.purposes[2]!.state = 'given';
    expect(failed(await check(changed, keys))).toEqual({ signature: 'bad-signature', claims: 'purposes' });
    const lying = await resigned(file, (r) => {
      r.purposes[2]!.state = 'given';
      r.notice.sha256 = 'f'.repeat(64);
    });
    expect(failed(await check(lying, keys))).toEqual({ claims: 'notice purposes' });
  });

  it('a changed entry field no longer gives its leaf hash', async () => {
    const { file, keys } = await given();
    const lying = await resigned(file, (r) => {
      (r.evidence.event.entry.payload as { choices: { recording: boolean } }).choices.recording = true;
      r.purposes[2]!.state = 'given';
    });
    expect(failed(await check(lying, keys))).toEqual({ entry: 'event.leafHash' });
    const moved = await resigned(file, (r) => {
      r.evidence.event.entry.seq = '7';
    });
    // The history names the event by its index too.
    expect(failed(await check(moved, keys))).toEqual({ entry: 'event.leafHash event.leafIndex', claims: 'history' });
  });

  it('an entry rehashed to match, but not in the tree, fails its inclusion proof', async () => {
    const { file, keys } = await given();
    // (Without the tlog-proof, which would repeat the proof: its disagreement is tested below.)
    const wrongProof = await resigned(file, (r) => {
      r.evidence.event.inclusionProof[0] = Buffer.alloc(32, 7).toString('base64');
      delete r.evidence.tlogProof;
    });
    expect(failed(await check(wrongProof, keys))).toEqual({ inclusion: 'event' });
    const wrongIndex = await resigned(file, (r) => {
      r.evidence.event.leafIndex = 6;
      r.evidence.event.entry.seq = '7';
      delete r.evidence.tlogProof;
    });
    expect(failed(await check(wrongIndex, keys))).toMatchObject({ inclusion: 'event' });
  });

  it('a key that is not published fails both signatures', async () => {
    const { file } = await given();
    const other = verifierKey('test.consent-gateway/consent-log', Buffer.alloc(32, 9));
    expect(failed(await check(file, [other]))).toEqual({ signature: 'unknown-key', checkpoint: 'unknown-key' });
    // The right name with another key: the key id differs, so it is not the published key either.
    expect((await check(file, [])).ok).toBe(false);
  });

  it('a changed checkpoint fails its signature, and nothing is proven against it', async () => {
    const { file, keys } = await given();
    const lines = file.receipt.evidence.checkpoint.split('\n');
    lines[1] = String(Number(lines[1]) + 1);
    const lying = await resigned(file, (r) => {
      r.evidence.checkpoint = lines.join('\n');
    });
    const result = await check(lying, keys);
    expect(failed(result)).toEqual({ checkpoint: 'bad-signature' });
    expect(result.checks.find((c) => c.check === 'inclusion')?.ok).toBeNull();
  });

  it('a withdrawal naming another decision does not match its claims', async () => {
    const payload = decisionPayload('given');
    const entries: TFixtureEntry[] = [
      { eventType: 'consent.given', payload },
      { eventType: 'consent.given', payload: decisionPayload('given') },
      { eventType: 'consent.withdrawn', payload: { decisionId: payload.decisionId, scope: 'all', channel: 'web' } },
    ];
    // The builder refuses to write such a receipt at all.
    await expect(receiptFixture({ entries, receiptOf: 2, decisionOf: 1 })).rejects.toThrow('decision-mismatch');
    const honest = await receiptFixture({ entries, receiptOf: 2, decisionOf: 0 });
    const swapped = await resigned(honest.file, (r) => {
      r.evidence.decision!.entry.payload = entries[1]!.payload;
    });
    expect(failed(await check(swapped, honest.keys))).toEqual({ entry: 'decision.leafHash', claims: 'decision-mismatch' });
  });

  it('answers input that is no receipt with a format problem, never an exception', async () => {
    const { keys } = await given();
    for (const text of ['', 'not json', '{}', '[]', 'null', JSON.stringify({ receipt: {}, jws: 'a..b' }), 'x'.repeat(70_000)]) {
      const result = await verifyReceipt(text, keys);
      expect(result.ok).toBe(false);
      expect(result.checks[0]).toMatchObject({ check: 'format', ok: false });
      expect(result.checks.slice(1).every((c) => c.ok === null)).toBe(true);
    }
    const { file } = await given();
    const extra = { ...file, receipt: { ...file.receipt, note: 'added' } };
    expect(failed(await verifyReceipt(JSON.stringify(extra), keys))).toEqual({ format: 'not-a-receipt: receipt' });
    const float = structuredClone(file);
    (float.receipt.evidence.event.entry.payload as { x?: number }).x = 1.5;
    expect(failed(await check(float, keys))).toMatchObject({ entry: 'event.entry' });
  });

  it('refuses a file that different readers could read differently: deep nesting, a key twice, a __proto__ key', async () => {
    const { file, keys } = await given();
    const text = JSON.stringify(file);
    // 6,000 levels inside the payload: 16 KB, and enough to overflow a recursive validator.
    const deep = text.replace('"payload":{', `"payload":{"x":${'['.repeat(6000)}${']'.repeat(6000)},`);
    expect(failed(await verifyReceipt(deep, keys))).toEqual({ format: 'too-deep' });
    // Added after signing, where JSON.parse keeps it and a schema quietly drops it.
    const proto = text.replace('"choices":{', '"choices":{"__proto__":{"note":"added after signing"},');
    expect(failed(await verifyReceipt(proto, keys))).toEqual({ format: 'reserved-key' });
    // A reader that takes the first of two equal keys would see another answer than the verifier.
    const twice = text.replace('"choices":{', '"choices":{"recording":true,');
    expect(failed(await verifyReceipt(twice, keys))).toEqual({ format: 'duplicate-key' });
    expect((await verifyReceipt(text, keys)).ok).toBe(true);
  });

  describe('witnessed (issue 19)', () => {
    const witness = (n: number) => {
      const name = `witness-${n}.receipts.example`;
      const privateKey = privateKeyFromSeed(Buffer.alloc(32, `receipt-witness-${n}`));
      const publicKey = rawPublicKey(privateKey);
      return {
        cosigner: { name, keyId: keyIdFor(name, SIGNATURE_TYPE.cosignatureV1, publicKey), privateKey },
        vkey: formatVkey(name, SIGNATURE_TYPE.cosignatureV1, publicKey),
      };
    };
    const [w1, w2, w3] = [witness(1), witness(2), witness(3)];
    const policy = (keys: string[]) => {
      const parsed = parsePolicy(
        `log ${keys[0]!}\nwitness w1 ${w1.vkey}\nwitness w2 ${w2.vkey}\nwitness w3 ${w3.vkey}\ngroup g 2 w1 w2 w3\nquorum g\n`,
      );
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.policy;
    };
    const witnessed = (cosigners: (typeof w1)[]) =>
      receiptFixture({
        entries: [{ eventType: 'consent.given', payload: decisionPayload('given') }],
        receiptOf: 0,
        cosigners: cosigners.map((w) => w.cosigner),
      });

    it('carries a C2SP tlog-proof of its entry against the checkpoint with the cosignatures, and counts the witnesses against the published policy', async () => {
      const { file, keys } = await witnessed([w1, w3]);
      const proof = parseTlogProof(file.receipt.evidence.tlogProof!)!;
      expect(proof).toMatchObject({
        index: file.receipt.evidence.event.leafIndex,
        extra: null,
        checkpoint: file.receipt.evidence.checkpoint,
      });
      expect(proof.checkpoint).toContain('\u2014 witness-1.receipts.example ');
      const result = await verifyReceipt(JSON.stringify(file), keys, policy(keys));
      expect(result.ok).toBe(true);
      expect(result.checks.at(-1)).toEqual({ check: 'witnesses', ok: true, detail: 'w1 w3' });
      expect(result.witnessedBy).toEqual({ w1: 1_764_900_000, w3: 1_764_900_000 });
    });

    it('below the quorum it verifies on the log signature alone, said so; a forged cosignature fails', async () => {
      const one = await witnessed([w2]);
      const result = await verifyReceipt(JSON.stringify(one.file), one.keys, policy(one.keys));
      expect(result.ok).toBe(true);
      expect(result.checks.at(-1)).toEqual({ check: 'witnesses', ok: null, detail: 'not-witnessed' });
      const { file, keys } = await witnessed([w1, w2]);
      const forged = await resigned(file, (r) => {
        const lines = r.evidence.checkpoint.split('\n');
        const at = lines.findIndex((l) => l.startsWith('\u2014 witness-2'));
        lines[at] = `${lines[at]!.slice(0, -8)}AAAAAAA=`;
        r.evidence.checkpoint = lines.join('\n');
        r.evidence.tlogProof = r.evidence.tlogProof!.replace(file.receipt.evidence.checkpoint, r.evidence.checkpoint);
      });
      expect(failed(await verifyReceipt(JSON.stringify(forged), keys, policy(keys)))).toEqual({ witnesses: 'bad-cosignature' });
    });

    it('a tlog-proof that says something else than the evidence fails the inclusion check', async () => {
      const { file, keys } = await witnessed([w1, w2]);
      const other = await resigned(file, (r) => {
        r.evidence.tlogProof = r.evidence.tlogProof!.replace(/^index \d+$/m, 'index 0');
      });
      expect(failed(await check(other, keys))).toEqual({ inclusion: 'tlog-proof' });
    });

    it('a receipt issued before issue 19 (no tlog-proof, a checkpoint without cosignatures) still verifies', async () => {
      const { file, keys } = await given();
      const before = await resigned(file, (r) => {
        delete r.evidence.tlogProof;
      });
      expect(before.receipt.evidence.tlogProof).toBeUndefined();
      const result = await verifyReceipt(JSON.stringify(before), keys, policy(keys));
      expect(result.ok).toBe(true);
      expect(result.checks.at(-1)).toEqual({ check: 'witnesses', ok: null, detail: 'not-witnessed' });
    });
  });
});
