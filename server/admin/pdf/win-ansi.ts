import 'server-only';

// The PDF standard fonts with WinAnsiEncoding cover German (äöüÄÖÜß) and the usual typography; one
// byte per character. Characters outside it lose their accent (é → e) or become "?".
const EXTRA: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97 };
const FALLBACK: Record<string, string> = { ı: 'i', İ: 'I', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ğ: 'g', Ğ: 'G', ş: 's', Ş: 'S' };

function byteFor(char: string): number[] {
  const code = char.codePointAt(0)!;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return [code];
  if (EXTRA[char] !== undefined) return [EXTRA[char]];
  const replaced = FALLBACK[char] ?? char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (replaced !== char && [...replaced].every((c) => c.codePointAt(0)! < 0x100)) return [...replaced].map((c) => c.codePointAt(0)!);
  return [0x3f];
}

/** A PDF literal string in WinAnsi bytes: `(…)` with the three special characters escaped. */
export function pdfString(text: string): Buffer {
  const bytes: number[] = [0x28];
  for (const char of text) {
    for (const b of byteFor(char)) {
      if (b === 0x28 || b === 0x29 || b === 0x5c) bytes.push(0x5c);
      bytes.push(b);
    }
  }
  bytes.push(0x29);
  return Buffer.from(bytes);
}

// Approximate Helvetica advance widths (per 1000 units), enough to wrap lines safely inside the margin.
const NARROW = new Set([...'iljtfrI.,;:!|\'`()[] ']);
const WIDE = new Set([...'mwMW@%']);
export function helveticaWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const char of text) {
    if (NARROW.has(char)) units += 300;
    else if (WIDE.has(char)) units += 850;
    else if (/[A-ZÄÖÜ0-9]/.test(char)) units += 680;
    else units += 560;
  }
  return (units * size * (bold ? 1.06 : 1)) / 1000;
}
