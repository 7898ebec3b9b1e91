// The add-checkpoint call of C2SP tlog-witness: read the request, check the checkpoint's signature, the
// old size against the size last cosigned, and the consistency proof; then store the new size and root
// and answer with a cosignature. Each refusal has the status code the specification gives it.
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { type TCosigner, cosign } from '@/shared/transparency/cosignature';
import { verifyConsistency } from '@/shared/transparency/merkle';
import { strictBase64 } from '@/shared/transparency/signed-note';
import type { TCheckpointState } from '@/witness/checkpoint-state';

export type TAnswer = { status: number; contentType: string; body: string };
/** What the operator sees about a refused request that may prove the log misbehaved. */
export type TEvidence = { origin: string; reason: 'inconsistent' | 'same-size-other-root'; oldSize: number; request: string };

const MAX_PROOF_LINES = 63;

const text = (status: number, body: string): TAnswer => ({ status, contentType: 'text/plain; charset=utf-8', body: `${body}\n` });

type TRequest = { oldSize: number; proof: Buffer[]; note: string };

/** Splits the body into the old size line, the proof lines and the checkpoint, or says what is wrong. */
export function parseAddCheckpoint(body: string): TRequest | string {
  const end = body.indexOf('\n\n');
  if (end < 0) return 'the body must be an old size line, proof lines, an empty line and a checkpoint';
  const [oldLine = '', ...proofLines] = body.slice(0, end).split('\n');
  const old = /^old (0|[1-9]\d{0,15})$/.exec(oldLine);
  if (!old || Number(old[1]) > Number.MAX_SAFE_INTEGER) return 'the first line must be "old <size>" in decimal without leading zeros';
  if (proofLines.length > MAX_PROOF_LINES) return `at most ${MAX_PROOF_LINES} consistency proof lines`;
  const proof = proofLines.map((line) => strictBase64(line));
  if (proof.some((hash) => hash?.length !== 32)) return 'each proof line must be one hash in base64';
  return { oldSize: Number(old[1]), proof: proof as Buffer[], note: body.slice(end + 2) };
}

export type TWitnessLogs = Map<string, string[]>;

export type TAddCheckpointContext = {
  cosigner: TCosigner;
  /** The log verifier keys the witness trusts, per origin. */
  logs: TWitnessLogs;
  state: TCheckpointState;
  now: () => Date;
  onEvidence: (evidence: TEvidence) => void;
};

export async function addCheckpoint(context: TAddCheckpointContext, body: string): Promise<TAnswer> {
  const request = parseAddCheckpoint(body);
  if (typeof request === 'string') return text(400, request);
  const origin = request.note.slice(0, request.note.indexOf('\n'));
  const keys = context.logs.get(origin);
  if (!keys) return text(404, 'unknown log origin');
  const note = verifyCheckpointNote(request.note, keys);
  if (!note.ok)
    return note.problem === 'malformed' ? text(400, 'malformed checkpoint') : text(403, 'no signature by a trusted log key verifies');
  const { treeSize, rootHash } = note.checkpoint;
  if (request.oldSize > treeSize) return text(400, 'the old size exceeds the checkpoint size');
  if (request.oldSize === 0 && request.proof.length > 0) return text(400, 'the proof must be empty when the old size is 0');

  return context.state.update(origin, (current) => {
    const latest = current ?? { size: 0, rootHash: Buffer.alloc(0) };
    if (request.oldSize !== latest.size) {
      return { keep: null, result: { status: 409, contentType: 'text/x.tlog.size', body: `${latest.size}\n` } };
    }
    if (request.oldSize === treeSize && request.oldSize > 0 && !rootHash.equals(latest.rootHash)) {
      context.onEvidence({ origin, reason: 'same-size-other-root', oldSize: request.oldSize, request: body });
      return { keep: null, result: { status: 409, contentType: 'text/x.tlog.size', body: `${latest.size}\n` } };
    }
    if (request.oldSize > 0 && !verifyConsistency(request.oldSize, treeSize, latest.rootHash, rootHash, request.proof)) {
      context.onEvidence({ origin, reason: 'inconsistent', oldSize: request.oldSize, request: body });
      return { keep: null, result: text(422, 'the consistency proof does not verify') };
    }
    const timestamp = BigInt(Math.floor(context.now().getTime() / 1000));
    const cosignature = cosign(context.cosigner, note.text, timestamp);
    return {
      keep: { size: treeSize, rootHash },
      result: { status: 200, contentType: 'text/plain; charset=utf-8', body: cosignature },
    };
  });
}
