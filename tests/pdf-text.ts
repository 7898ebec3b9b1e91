// The text of a PDF whose content stream is uncompressed (server/admin/pdf/minimal-pdf.ts): every
// `(…) Tj` string, decoded from PDF escapes and WinAnsi, one per line. Enough to read a letter back.
export function pdfText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const lines: string[] = [];
  const pattern = /\(((?:\\.|[^\\)])*)\)\s*Tj/gs;
  for (const match of source.matchAll(pattern)) {
    const raw = match[1]!.replace(/\\([()\\])/g, '$1');
    lines.push(Buffer.from(raw, 'latin1').toString('latin1').replace(/\x80/g, '€').replace(/\x84/g, '„').replace(/\x93/g, '“').replace(/\x96/g, '–'));
  }
  return lines;
}

/** The one-time code in a password letter: four groups of four. */
export function codeInLetter(pdf: Buffer): string {
  const code = pdfText(pdf).find((line) => /^([A-Za-z2-9]{4}-){3}[A-Za-z2-9]{4}$/.test(line));
  if (!code) throw new Error('no code in the letter');
  return code;
}
