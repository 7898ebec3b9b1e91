import { readFileSync } from 'node:fs';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { dpvReceipt } from '@/server/receipts/dpv-view';
import { KANTARA_VERSION, hasKantaraView, kantaraJwt } from '@/server/receipts/kantara-view';
import { RECEIPT_VERSION, type TReceipt, type TReceiptV2 } from '@/server/receipts/receipt-format';
import { logSigner } from '@/server/transparency/checkpoints';
import { parseVerifierKey } from '@/shared/transparency/checkpoint-note';
import { type TFixtureEntry, decisionPayload, receiptFixture } from '@/tests/receipt-fixture';

const current = (receipt: TReceipt): TReceiptV2 => {
  if (receipt.version !== RECEIPT_VERSION) throw new Error('not a current receipt');
  return receipt;
};

async function withdrawalWithHistory() {
  const payload = decisionPayload('given', { recording: true });
  const entries: TFixtureEntry[] = [
    { eventType: 'consent.given', payload },
    { eventType: 'consent.recording_withdrawn', payload: { decisionId: payload.decisionId, scope: 'recording', channel: 'web' } },
    { eventType: 'consent.withdrawn', payload: { decisionId: payload.decisionId, scope: 'all', channel: 'web' } },
  ];
  const given = await receiptFixture({ entries, receiptOf: 0 });
  const withdrawn = await receiptFixture({ entries, receiptOf: 2, decisionOf: 0, historyOf: [1] });
  return { given: current(given.file.receipt), withdrawn: current(withdrawn.file.receipt) };
}

/** N-Quads from jsonld.js, an implementation we did not write; safe mode refuses to drop anything it cannot map. */
async function quadsOf(document: object): Promise<string[]> {
  const nquads = (await jsonld.toRDF(document, {
    format: 'application/n-quads',
    safe: true,
    documentLoader: (url: string) => Promise.reject(new Error(`nothing may be fetched: ${url}`)),
  } as jsonld.Options.ToRdf)) as unknown as string;
  return nquads.trimEnd().split('\n');
}

const NAMESPACES = {
  'https://w3id.org/dpv#': 'dpv:',
  'https://w3id.org/dpv/legal/eu/gdpr#': 'eu-gdpr:',
  'https://w3id.org/dpv/pd#': 'pd:',
  'https://w3id.org/dpv/loc#': 'loc:',
} as const;

/** Every DPV term the JSON-LD uses, as prefix:name. */
function dpvTermsIn(quads: string[]): Set<string> {
  const terms = new Set<string>();
  for (const quad of quads)
    for (const [, iri] of quad.matchAll(/<([^>]+)>/g))
      for (const [ns, prefix] of Object.entries(NAMESPACES)) if (iri!.startsWith(ns)) terms.add(prefix + iri!.slice(ns.length));
  return terms;
}

describe('the receipt as JSON-LD with W3C DPV terms', () => {
  it('reads, with a JSON-LD processor and nothing fetched, as a consent record with status, legal bases, data, history', async () => {
    const { withdrawn } = await withdrawalWithHistory();
    const quads = await quadsOf(dpvReceipt(withdrawn));
    const has = (s: string, p: string, o: string) => expect(quads, `${s} ${p} ${o}`).toContainEqual(`${s} ${p} ${o} .`);
    const record = `<${withdrawn.receiptId}>`;
    const dpv = (t: string) => `<https://w3id.org/dpv#${t}>`;
    const gdpr = (t: string) => `<https://w3id.org/dpv/legal/eu/gdpr#${t}>`;
    const process = (p: string) => `<${withdrawn.receiptId}#${p}>`;
    has(record, '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>', dpv('ConsentRecord'));
    has(record, dpv('hasConsentStatus'), dpv('ConsentWithdrawn'));
    has(record, dpv('hasJurisdiction'), '<https://w3id.org/dpv/loc#DE>');
    has(process('video-transmission'), dpv('hasLegalBasis'), gdpr('A6-1-a'));
    has(process('video-transmission'), dpv('hasLegalBasis'), gdpr('A9-2-a'));
    has(process('third-country-transfer'), dpv('hasLegalBasis'), gdpr('A49-1-a'));
    expect(quads.filter((q) => q.startsWith(process('video-transmission')) && q.includes('A49-1-a'))).toEqual([]);
    has(process('recording'), dpv('hasPersonalData'), '<https://w3id.org/dpv/pd#Health>');
    // The recipient processes in the USA (a blank node of the recipient).
    expect(quads.some((q) => q.includes(`${dpv('hasThirdCountry')} <https://w3id.org/dpv/loc#US>`))).toBe(true);
    // The history: three states in log order, each with its time.
    const entry = (n: number) => `<${withdrawn.receiptId}#entry-${withdrawn.history[n]!.leafIndex + 1}>`;
    has(entry(0), dpv('hasConsentStatus'), dpv('ConsentGiven'));
    has(entry(0), dpv('isBefore'), entry(1));
    has(entry(1), dpv('hasProcess'), process('recording'));
    has(entry(1), dpv('isBefore'), entry(2));
    has(entry(2), dpv('isIndicatedAtTime'), `"${withdrawn.history[2]!.recordedAt}"^^<http://www.w3.org/2001/XMLSchema#dateTime>`);
    expect(quads.filter((q) => q.includes(dpv('isIndicatedAtTime')))).toHaveLength(3);
  });

  it('uses only terms that DPV 2.1 defines (checked against its published term lists)', async () => {
    const { given, withdrawn } = await withdrawalWithHistory();
    const vocabulary = readFileSync('tests/vectors/dpv-terms.md', 'utf8');
    const used = new Set([...dpvTermsIn(await quadsOf(dpvReceipt(given))), ...dpvTermsIn(await quadsOf(dpvReceipt(withdrawn)))]);
    expect(used.size).toBeGreaterThan(30);
    const unknown = [...used].filter((term) => !new RegExp(`${term.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?![\\w-])`).test(vocabulary));
    expect(unknown).toEqual([]);
    // The check can fail: a misspelt term is named.
    expect(dpvTermsIn(['<https://w3id.org/dpv#hasLegalbasis> .']).has('dpv:hasLegalbasis')).toBe(true);
    expect(vocabulary).not.toMatch(/dpv:hasLegalbasis\b/);
  });

  it('a member the JSON-LD context does not map would be lost; the safe processor refuses instead', async () => {
    const { given } = await withdrawalWithHistory();
    await expect(quadsOf({ ...dpvReceipt(given), legalBasis: 'consent' })).rejects.toThrow();
  });
});

describe('the receipt as a Kantara Consent Receipt v1.1 (compatibility view)', () => {
  it('is a JWT signed with the published key, with the purposes agreed to', async () => {
    const { given, withdrawn } = await withdrawalWithHistory();
    const key = logSigner()!;
    const jwt = await kantaraJwt(given, key);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    const published = parseVerifierKey(key.verifierKey)!;
    const { payload } = await jwtVerify(
      jwt,
      await importJWK({ kty: 'OKP', crv: 'Ed25519', x: published.publicKey.toString('base64url') }, 'EdDSA'),
    );
    expect(payload).toMatchObject({
      version: KANTARA_VERSION,
      jurisdiction: 'DE',
      consentTimestamp: Date.parse(given.consentTimestamp) / 1000,
      consentReceiptID: given.receiptId,
      piiPrincipalId: given.piiPrincipalId,
      policyUrl: given.privacyNoticeUrl,
      sensitive: true,
      spiCat: ['Health'],
      piiControllers: [{ piiController: given.piiController.name, email: given.piiController.email }],
    });
    const purposes = (payload as { services: { purposes: { purpose: string; consentType: string }[] }[] }).services[0]!.purposes;
    // Recording was agreed to in this decision; each purpose the sentence the member ticked.
    expect(purposes.map((p) => p.purpose)).toEqual(given.purposes.filter((p) => p.state === 'given').map((p) => p.statement));
    expect(purposes.every((p) => p.consentType === 'EXPLICIT')).toBe(true);
    // Kantara has no refusal or withdrawal: those receipts have no such view.
    expect(hasKantaraView(given)).toBe(true);
    expect(hasKantaraView(withdrawn)).toBe(false);
  });
});
