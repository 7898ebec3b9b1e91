// A signed receipt built in memory (no database): a few log entries, the Merkle tree over them, a
// checkpoint signed with the test key (vitest.config.ts LOG_SIGNING_KEY), the receipt signed alike.
import { randomUUID } from 'node:crypto';
import { type THashedFields, leafHash } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { buildReceipt, type TReceiptConfig } from '@/server/receipts/build-receipt';
import type { TReceipt, TReceiptFile } from '@/server/receipts/receipt-format';
import { signReceipt } from '@/server/receipts/sign-receipt';
import { logSigner, publishedVerifierKeys, signedCheckpointNote } from '@/server/transparency/checkpoints';
import { type TTreeSource, inclusionProof, nodeHash, treeHead } from '@/shared/transparency/merkle';
import { type TCosigner, cosign } from '@/shared/transparency/cosignature';

export const FIXTURE_CONFIG: TReceiptConfig = {
  controller: {
    name: 'Musterkasse',
    address: 'Musterstraße 1, 10115 Berlin',
    email: 'service@musterkasse.example',
    phone: '+49 30 1234567-0',
    dpoEmail: 'datenschutz@musterkasse.example',
    identifier: { scheme: 'IK', value: '109999999' },
  },
  privacyNoticeUrl: 'https://beratung.musterkasse.example/datenschutz',
  socialDataBasis: '§ 67b Abs. 1 Satz 1 und Abs. 2 SGB X (Einwilligung)',
  storageCountries: ['DE'],
  jurisdiction: 'DE',
  retentionYears: 4,
  logOrigin: 'test.consent-gateway/consent-log',
};

export function decisionPayload(
  outcome: 'given' | 'refused',
  options: { recording?: boolean; thirdCountry?: boolean; decisionId?: string } = {},
) {
  const consenting = outcome === 'given';
  const thirdCountry = options.thirdCountry ?? true;
  return {
    decisionId: options.decisionId ?? randomUUID(),
    videoServiceId: randomUUID(),
    disclosure: { versionId: randomUUID(), hash: 'a'.repeat(64), language: 'de' },
    served: { at: '2026-11-26T09:00:00.000Z', nonce: 'b'.repeat(32) },
    choices: {
      transmission: consenting,
      thirdCountryTransfer: thirdCountry ? consenting : null,
      recording: consenting && !!options.recording,
    },
    alternative: consenting ? null : 'phone',
    terms: {
      facts: {
        name: 'Skype',
        operator: 'Microsoft Corporation',
        processingRegion: thirdCountry ? 'THIRD_COUNTRY' : 'EU_EEA',
        thirdCountries: thirdCountry ? ['US'] : [],
        endToEndEncrypted: false,
        canRecord: true,
      },
      statements: {
        transmission: 'Ich willige ein, dass meine Sozialdaten übertragen werden.',
        thirdCountryTransfer: thirdCountry ? 'Ich willige in die Übermittlung in die USA ein.' : null,
        recording: 'Ich bin damit einverstanden, dass das Gespräch aufgezeichnet wird.',
      },
      digest: 'c'.repeat(64),
    },
    channel: 'web',
  };
}

export type TFixtureEntry = { eventType: string; payload: TCanonicalValue; consultationId?: string };

/** Builds the log from `entries` (plus fillers before and after) and the receipt of entry `receiptOf` (and its decision `decisionOf`). */
export async function receiptFixture(options: {
  entries: TFixtureEntry[];
  receiptOf: number;
  decisionOf?: number;
  /** Earlier decisions and withdrawals of the consultation the receipt carries as its history. */
  historyOf?: number[];
  /** Witnesses whose cosignatures (at `cosignedAt`, POSIX seconds) the checkpoint carries, as a witnessed one does. */
  cosigners?: TCosigner[];
  cosignedAt?: bigint;
}): Promise<{ file: TReceiptFile; keys: string[] }> {
  const consultationId = randomUUID();
  const filler = (n: number): TFixtureEntry[] => Array.from({ length: n }, () => ({ eventType: 'auth.login', payload: {} }));
  const all = [...filler(5), ...options.entries, ...filler(4)];
  const fields: THashedFields[] = all.map((e, i) => ({
    seq: BigInt(i + 1),
    recordedAt: new Date(Date.UTC(2026, 10, 26, 9, 0, i)),
    eventType: e.eventType,
    consultationId: e.eventType.startsWith('consent.') ? (e.consultationId ?? consultationId) : null,
    payload: e.payload,
    personalCommitment: 'd'.repeat(64),
  }));
  const leaves = fields.map((f) => Buffer.from(leafHash(f), 'hex'));
  // Complete subtrees only (power-of-two sizes), as the stored tree serves them.
  const perfect = (start: number, n: number): Buffer =>
    n === 1 ? leaves[start]! : nodeHash(perfect(start, n / 2), perfect(start + n / 2, n / 2));
  const source: TTreeSource = { perfect: (start, n) => Promise.resolve(perfect(start, n)) };
  const size = leaves.length;
  const key = logSigner()!;
  const signed = signedCheckpointNote(key, size, await treeHead(source, size));
  const text = signed.slice(0, signed.indexOf('\n\n') + 1);
  const note = signed + (options.cosigners ?? []).map((c) => cosign(c, text, options.cosignedAt ?? 1_764_900_000n)).join('');
  const proven = async (index: number) => ({
    fields: fields[index]!,
    leafHashHex: leaves[index]!.toString('hex'),
    proof: await inclusionProof(source, index, size),
  });
  const receipt = buildReceipt({
    config: FIXTURE_CONFIG,
    principalId: 'R-0123456789ABCDEF',
    disclosureVersion: 2,
    checkpointNote: note,
    event: await proven(5 + options.receiptOf),
    ...(options.decisionOf === undefined ? {} : { decision: await proven(5 + options.decisionOf) }),
    history: await Promise.all((options.historyOf ?? []).map((i) => proven(5 + i))),
  });
  return { file: await signReceipt(receipt, key), keys: publishedVerifierKeys() };
}

/** The same receipt, changed and signed again with the gateway's key: what a dishonest operator could produce. */
export async function resigned(file: TReceiptFile, change: (receipt: TReceipt) => void): Promise<TReceiptFile> {
  const receipt = structuredClone(file.receipt);
  change(receipt);
  return signReceipt(receipt, logSigner()!);
}
