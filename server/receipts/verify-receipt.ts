import 'server-only';
import { createHash } from 'node:crypto';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import { claimsFromLog, historyFromLog } from '@/server/receipts/log-claims';
import { RECEIPT_VERSION, type TProvenEntry, type TReceipt, ZReceiptFile } from '@/server/receipts/receipt-format';
import { parseStrictJson } from '@/server/receipts/strict-json';
import { verifyDetached } from '@/server/crypto/detached-jws';
import { type TCheckpoint, verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { verifyInclusion } from '@/shared/transparency/merkle';
import { checkCosignature } from '@/shared/transparency/cosignature';
import type { TPolicy } from '@/shared/transparency/policy';
import { parseSignedNote } from '@/shared/transparency/signed-note';
import { parseTlogProof } from '@/shared/transparency/tlog-proof';
import { type TWitnessTimes, quorumOf, witnessTimes } from '@/shared/transparency/witness-times';

// The receipt check a member or an auditor runs with nothing but the file and the published keys (the
// verify page and `npm run receipt:verify` both use it; no database, no configuration).

export const RECEIPT_CHECKS = ['format', 'signature', 'entry', 'checkpoint', 'inclusion', 'claims', 'witnesses'] as const;
export type TReceiptCheck = (typeof RECEIPT_CHECKS)[number];

/**
 * ok null: not run, because the file could not be read as a receipt; for `witnesses`: no policy to count
 * them against, or not (yet) witnessed. `detail` names what failed, in codes.
 */
export type TCheckOutcome = { check: TReceiptCheck; ok: boolean | null; detail?: string };

export type TReceiptVerification = {
  ok: boolean;
  checks: TCheckOutcome[];
  receipt: TReceipt | null;
  checkpoint: TCheckpoint | null;
  /** The policy's witnesses whose cosignature on the receipt's checkpoint verifies, with the time each states. */
  witnessedBy: TWitnessTimes;
};

const MAX_RECEIPT_CHARS = 60_000;

function failedFormat(detail: string): TReceiptVerification {
  return {
    ok: false,
    receipt: null,
    checkpoint: null,
    checks: RECEIPT_CHECKS.map((check) => (check === 'format' ? { check, ok: false, detail } : { check, ok: null })),
    witnessedBy: {},
  };
}

async function checkSignature(receipt: TReceipt, jws: string, verifierKeys: string[]): Promise<TCheckOutcome> {
  const outcome = await verifyDetached(receipt, jws, verifierKeys);
  return outcome === 'ok' ? { check: 'signature', ok: true } : { check: 'signature', ok: false, detail: outcome };
}

type TNamedEntry = [name: string, proven: TProvenEntry];

/** The entries a receipt carries, named as a failure names them: event, decision, history.0, … */
function namedEntries(receipt: TReceipt): TNamedEntry[] {
  const { evidence } = receipt;
  return [
    ['event', evidence.event],
    ...(evidence.decision ? [['decision', evidence.decision] as TNamedEntry] : []),
    ...('history' in evidence ? evidence.history.map((p, i): TNamedEntry => [`history.${i}`, p]) : []),
  ];
}

/** Each embedded entry's canonical bytes hash to its leaf hash (RFC 6962 leaf), at the index its sequence number gives. */
function checkEntries(entries: TNamedEntry[]): TCheckOutcome {
  const bad: string[] = [];
  for (const [name, proven] of entries) {
    let leaf: string;
    try {
      leaf = createHash('sha256').update(Buffer.of(0)).update(canonicalJson(proven.entry), 'utf8').digest('base64');
    } catch {
      bad.push(`${name}.entry`);
      continue;
    }
    if (leaf !== proven.leafHash) bad.push(`${name}.leafHash`);
    if (BigInt(proven.entry.seq) - 1n !== BigInt(proven.leafIndex)) bad.push(`${name}.leafIndex`);
  }
  return bad.length ? { check: 'entry', ok: false, detail: bad.join(' ') } : { check: 'entry', ok: true };
}

/** The tlog-proof, where the receipt has one, says exactly what the receipt's evidence says. */
function tlogProofAgrees(receipt: TReceipt): boolean {
  const text = receipt.evidence.tlogProof;
  if (text === undefined) return true;
  const proof = parseTlogProof(text);
  const event = receipt.evidence.event;
  return (
    proof !== null &&
    proof.extra === null &&
    proof.index === event.leafIndex &&
    proof.checkpoint === receipt.evidence.checkpoint &&
    proof.proof.length === event.inclusionProof.length &&
    proof.proof.every((h, i) => h.toString('base64') === event.inclusionProof[i])
  );
}

function checkInclusion(receipt: TReceipt, entries: TNamedEntry[], checkpoint: TCheckpoint | null): TCheckOutcome {
  if (!checkpoint) return { check: 'inclusion', ok: null };
  const bad = entries
    .filter(
      ([, p]) =>
        !verifyInclusion(
          Buffer.from(p.leafHash, 'base64'),
          p.leafIndex,
          checkpoint.treeSize,
          p.inclusionProof.map((h) => Buffer.from(h, 'base64')),
          checkpoint.rootHash,
        ),
    )
    .map(([name]) => name);
  if (!tlogProofAgrees(receipt)) bad.push('tlog-proof');
  return bad.length ? { check: 'inclusion', ok: false, detail: bad.join(' ') } : { check: 'inclusion', ok: true };
}

const same = (a: unknown, b: unknown) => canonicalJson(a as TCanonicalValue) === canonicalJson(b as TCanonicalValue);

/**
 * The receipt says what the log entries say: event, time, decision, text and its hash, each purpose's
 * state, the recipient; from version 2 also the history, and a lawful basis for each purpose listed.
 */
function checkClaims(receipt: TReceipt): TCheckOutcome {
  const fromLog = claimsFromLog(receipt.evidence.event.entry, receipt.evidence.decision?.entry);
  if (!fromLog.ok) return { check: 'claims', ok: false, detail: fromLog.problem };
  const expected = fromLog.claims;
  const { version: _version, ...notice } = receipt.notice;
  const mismatches = (
    [
      ['event', receipt.event, expected.event],
      ['consentTimestamp', receipt.consentTimestamp, expected.consentTimestamp],
      ['decisionId', receipt.decisionId, expected.decisionId],
      ['language', receipt.language, expected.language],
      ['notice', notice, expected.notice],
      ['purposes', receipt.purposes, expected.purposes],
      ['recipients', receipt.recipients, expected.recipients],
      ...(receipt.version === RECEIPT_VERSION
        ? ([
            [
              'history',
              receipt.history,
              historyFromLog(
                receipt.evidence.event.entry,
                [...receipt.evidence.history, ...(receipt.evidence.decision ? [receipt.evidence.decision] : [])].map((p) => p.entry),
              ),
            ],
            ['lawfulBases', receipt.lawfulBases.map((b) => b.purpose), expected.purposes.map((p) => p.id)],
          ] as const)
        : []),
    ] as const
  )
    .filter(([, claimed, logged]) => !same(claimed, logged))
    .map(([name]) => name);
  return mismatches.length ? { check: 'claims', ok: false, detail: mismatches.join(' ') } : { check: 'claims', ok: true };
}

/**
 * The witnesses of the published policy that cosigned the receipt's checkpoint. A cosignature by a
 * policy witness that does not verify fails the check (the note was altered); too few, and the receipt
 * rests on the log's own signature: not a failure, the member can download it again once witnessed.
 */
function checkWitnesses(note: string, text: string | null, policy: TPolicy | null): { outcome: TCheckOutcome; times: TWitnessTimes } {
  if (!policy || text === null) return { outcome: { check: 'witnesses', ok: null, detail: policy ? undefined : 'no-policy' }, times: {} };
  const signatures = parseSignedNote(note)?.signatures ?? [];
  const invalid = policy.witnesses.some((w) => signatures.some((s) => checkCosignature(s, w.key, text) === 'invalid'));
  if (invalid) return { outcome: { check: 'witnesses', ok: false, detail: 'bad-cosignature' }, times: {} };
  const times = witnessTimes(note, text, policy);
  return quorumOf(policy, times)
    ? { outcome: { check: 'witnesses', ok: true, detail: Object.keys(times).join(' ') }, times }
    : { outcome: { check: 'witnesses', ok: null, detail: 'not-witnessed' }, times };
}

/**
 * Checks a receipt file (its text) with the published verifier keys (C2SP format, current and retired):
 * the JWS, each embedded entry against its leaf hash, the checkpoint note's signature, the inclusion
 * proofs against the checkpoint's root, and the claims against the entries; with the published witness
 * policy, whether its witnesses' quorum cosigned the checkpoint. Every check runs, so the answer names
 * everything that fails, not just the first.
 */
export async function verifyReceipt(text: string, verifierKeys: string[], policy: TPolicy | null = null): Promise<TReceiptVerification> {
  if (text.length > MAX_RECEIPT_CHARS) return failedFormat('too-large');
  const json = parseStrictJson(text);
  if (!json.ok) return failedFormat(json.problem);
  const parsed = ZReceiptFile.safeParse(json.value);
  if (!parsed.success)
    return failedFormat(
      `not-a-receipt: ${[...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(file)'))].slice(0, 5).join(', ')}`,
    );
  const { receipt, jws } = parsed.data;
  const entries = namedEntries(receipt);

  const note = verifyCheckpointNote(receipt.evidence.checkpoint, verifierKeys);
  let checkpoint: TCheckpoint | null = null;
  let checkpointOutcome: TCheckOutcome;
  if (!note.ok) checkpointOutcome = { check: 'checkpoint', ok: false, detail: note.problem };
  else if (note.checkpoint.origin !== receipt.evidence.logOrigin)
    checkpointOutcome = { check: 'checkpoint', ok: false, detail: 'origin-mismatch' };
  else {
    checkpoint = note.checkpoint;
    checkpointOutcome = { check: 'checkpoint', ok: true };
  }
  const witnesses = checkWitnesses(receipt.evidence.checkpoint, note.ok ? note.text : null, policy);
  const checks: TCheckOutcome[] = [
    { check: 'format', ok: true },
    await checkSignature(receipt, jws, verifierKeys),
    checkEntries(entries),
    checkpointOutcome,
    checkInclusion(receipt, entries, checkpoint),
    checkClaims(receipt),
    witnesses.outcome,
  ];
  // Unwitnessed is weaker evidence, not a failure; a forged cosignature is.
  const ok = checks.every((c) => c.ok === true || (c.check === 'witnesses' && c.ok === null));
  return { ok, checks, receipt, checkpoint, witnessedBy: witnesses.times };
}
