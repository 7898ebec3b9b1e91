import 'server-only';
import { type TCosignature, checkCosignature } from '@/shared/transparency/cosignature';
import { isBy, parseSignedNote, signatureLine } from '@/shared/transparency/signed-note';
import type { TWitness } from '@/server/witnessing/witness-policy';

export type TSubmission = { oldSize: number; proof: Buffer[]; note: string; text: string };

export type TSubmitResult =
  | { kind: 'cosigned'; line: string; cosignature: TCosignature }
  /** 409: the witness's latest cosigned size is not the old size sent (or the same size has another root). */
  | { kind: 'conflict'; size: number }
  /** 422: the consistency proof does not verify: the witness holds a tree this log is not consistent with. */
  | { kind: 'inconsistent' }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'refused'; detail: string }
  | { kind: 'unreachable'; detail: string };

/** Cosignature times may run ahead of ours by this much (clocks differ); more is refused. */
const CLOCK_SKEW_S = 600n;

/** The tlog-witness add-checkpoint call, with its answers read as the specification defines them. */
export async function submitToWitness(witness: TWitness, submission: TSubmission, timeoutMs = 5_000): Promise<TSubmitResult> {
  const body = `old ${submission.oldSize}\n${submission.proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${submission.note}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    return { kind: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
  }
  const firstLine = text.split('\n')[0]?.slice(0, 200) ?? '';
  if (response.status === 409) {
    const size = /^(0|[1-9]\d{0,15})\n$/.exec(text);
    return size ? { kind: 'conflict', size: Number(size[1]) } : { kind: 'refused', detail: `409 without a size: ${firstLine}` };
  }
  if (response.status === 422) return { kind: 'inconsistent' };
  if (response.status === 429) return { kind: 'rate-limited', retryAfterSeconds: Number(response.headers.get('retry-after')) || 1 };
  if (response.status !== 200) return { kind: 'refused', detail: `${response.status}: ${firstLine}` };
  // The answer is signature lines: appended to the checkpoint's text they form a note to verify.
  const note = parseSignedNote(`${submission.text}\n${text}`);
  const latest = BigInt(Math.floor(Date.now() / 1000)) + CLOCK_SKEW_S;
  for (const signature of note?.signatures ?? []) {
    if (!isBy(signature, witness.key)) continue;
    const checked = checkCosignature(signature, witness.key, submission.text, latest);
    if (checked && checked !== 'invalid') {
      // Canonical base64 has one spelling: this is the line exactly as the witness sent it.
      return { kind: 'cosigned', line: signatureLine(signature.name, signature.keyId, signature.signature), cosignature: checked };
    }
  }
  return { kind: 'refused', detail: 'no valid cosignature by its key in the answer' };
}
