// C2SP tlog-proof: an offline-verifiable proof that an entry is in a log, as text: the header line,
// optional extra data, the entry's index, its RFC 6962 inclusion proof (one base64 hash per line, from
// the leaf's sibling up), an empty line, and the checkpoint verbatim, with its cosignatures.
import type { THash } from '@/shared/transparency/merkle';
import { strictBase64 } from '@/shared/transparency/signed-note';

const HEADER = 'c2sp.org/tlog-proof@v1';

export type TTlogProof = { extra: Buffer | null; index: number; proof: THash[]; checkpoint: string };

export function formatTlogProof(proof: TTlogProof): string {
  const lines = [HEADER];
  if (proof.extra) lines.push(`extra ${proof.extra.toString('base64')}`);
  lines.push(`index ${proof.index}`, ...proof.proof.map((h) => h.toString('base64')), '');
  return `${lines.join('\n')}\n${proof.checkpoint}`;
}

/** The proof's parts, or null unless the text is exactly in the format (the checkpoint itself is checked by its verifier). */
export function parseTlogProof(text: string): TTlogProof | null {
  const blank = text.indexOf('\n\n');
  if (blank < 0) return null;
  const lines = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  if (lines.shift() !== HEADER || checkpoint === '') return null;
  let extra: Buffer | null = null;
  if (lines[0]?.startsWith('extra ')) {
    extra = strictBase64(lines.shift()!.slice('extra '.length));
    if (!extra) return null;
  }
  const index = /^index (0|[1-9]\d{0,15})$/.exec(lines.shift() ?? '');
  if (!index || !Number.isSafeInteger(Number(index[1]))) return null;
  const proof = lines.map((line) => strictBase64(line));
  if (proof.length > 63 || proof.some((h) => h?.length !== 32)) return null;
  return { extra, index: Number(index[1]), proof: proof as THash[], checkpoint };
}
