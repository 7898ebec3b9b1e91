import { execFileSync } from 'node:child_process';

// Read back with poppler-utils (Debian's pdftotext, pdffonts, pdfinfo), which shares nothing with the
// writer: a test sees what a PDF viewer's search and copy would see.
function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', args: string[], pdf: Buffer): string {
  return execFileSync(tool, [...args, '-'], { input: pdf, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
}

// pdftotext wraps right-to-left text in embedding marks (U+202B … U+202C); they are not part of the text.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * The text of a PDF, one entry per extracted line, trimmed, empty lines dropped. pdftotext's default
 * reading order (not -layout) keeps side-by-side blocks, such as a letter's address and information
 * block, on lines of their own.
 */
export function pdfText(pdf: Buffer): string[] {
  return poppler('pdftotext', ['-enc', 'UTF-8', '-'], pdf)
    .replace(BIDI_CONTROLS, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

const CODE = /(?<![A-Za-z0-9-])(?:[A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}(?![A-Za-z0-9-])/g;

/** The one-time code in a password letter: four groups of four; there must be exactly one. */
export function codeInLetter(pdf: Buffer): string {
  const codes = new Set(pdfText(pdf).join('\n').match(CODE) ?? []);
  if (codes.size !== 1) throw new Error(`expected one code in the letter, found ${codes.size}`);
  return [...codes][0]!;
}

/** The fonts a PDF uses, as pdffonts lists them. */
export function pdfFonts(pdf: Buffer): { name: string; type: string; embedded: boolean }[] {
  // Below the two header lines: name, type (may hold spaces: "CID TrueType"), encoding, then emb, sub,
  // uni, object number and generation; read from the right, a long name cannot shift the columns.
  return poppler('pdffonts', [], pdf)
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      return { name: fields[0]!, type: fields.slice(1, -6).join(' '), embedded: fields.at(-5) === 'yes' };
    });
}

/** Each word with its box in points from the top-left corner, from `pdftotext -bbox`. */
export function pdfWords(pdf: Buffer): { word: string; xMin: number; yMin: number; xMax: number; yMax: number }[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  const html = poppler('pdftotext', ['-bbox', '-enc', 'UTF-8', '-'], pdf);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(
    ([, xMin, yMin, xMax, yMax, word]) => ({
      word: word!.replace(/&(\w+);/g, (m, name: string) => entities[name] ?? m),
      xMin: Number(xMin),
      yMin: Number(yMin),
      xMax: Number(xMax),
      yMax: Number(yMax),
    }),
  );
}

/** The document information as pdfinfo reports it ("Title", "Pages", "Page size", …). */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const fields = poppler('pdfinfo', ['-enc', 'UTF-8'], pdf)
    .split('\n')
    .filter((line) => line.includes(':'));
  return Object.fromEntries(fields.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
}
