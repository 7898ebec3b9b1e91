import { describe, expect, it } from 'vitest';
import { chainHash, entryCanonicalText, leafHash, personalCommitment } from '@/server/audit-log/entry-hashing';
import { canonicalJson } from '@/server/crypto/canonical-json';

// Known answers computed independently (Python: json.dumps(sort_keys=True, separators=(',', ':'),
// ensure_ascii=False) and hashlib). If these change, every existing log stops verifying.
const entry = {
  seq: 7n,
  recordedAt: new Date('2026-11-25T12:00:00.000Z'),
  eventType: 'consent.given',
  consultationId: '00000000-0000-4000-8000-000000000001',
  payload: { note: 'Grüße "quoted"', channel: 'web', choices: { transmission: true, recording: false } },
  personalCommitment: null,
};

describe('log entry hashing (format v1)', () => {
  it('builds the canonical text with sorted keys and no white space', () => {
    expect(entryCanonicalText(entry)).toBe(
      '{"consultationId":"00000000-0000-4000-8000-000000000001","eventType":"consent.given","payload":{"channel":"web","choices":{"recording":false,"transmission":true},"note":"Grüße \\"quoted\\""},"personalCommitment":null,"recordedAt":"2026-11-25T12:00:00.000Z","seq":"7","v":1}',
    );
  });
  it('hashes leaf, chain and personal commitment as RFC 6962 and decision 0004 say', () => {
    const leaf = leafHash(entry);
    expect(leaf).toBe('522c7d8719bc3528b2b2f2401d9357f8785f1fd37150d5c03e843615018f6784');
    expect(chainHash('ab'.repeat(32), leaf)).toBe('dc2a6d285aa6c78ef4066dcb593bcbfaeba164f9ba3d901b66bf838336439598');
    expect(personalCommitment('11'.repeat(32), { ipPseudonym: 'net:x', actorId: 'a' })).toBe(
      '19d7ba71519272997b0e0d10dcdc4aab9d11bb0b6d31ccec0f0832826d1eb50b',
    );
  });
  it('refuses values that have no single canonical form', () => {
    expect(() => canonicalJson(1.5)).toThrow(/safe integers/);
    expect(() => canonicalJson({ a: undefined } as never)).toThrow(/undefined/);
    expect(canonicalJson([1, 'a', null, { b: [], a: {} }])).toBe('[1,"a",null,{"a":{},"b":[]}]');
  });
});
