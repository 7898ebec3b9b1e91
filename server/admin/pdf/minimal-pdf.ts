import 'server-only';
import { helveticaWidth, pdfString } from '@/server/admin/pdf/win-ansi';

/** Millimetres to PDF points. */
export const mm = (value: number) => (value * 72) / 25.4;
export const A4 = { width: mm(210), height: mm(297) };

export type TFont = 'regular' | 'bold' | 'mono';
const FONT_NAMES: Record<TFont, string> = { regular: 'F1', bold: 'F2', mono: 'F3' };
const BASE_FONTS: Record<TFont, string> = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier-Bold' };

/**
 * A one-page A4 document drawn with the standard fonts, written by hand: no dependency, no embedded
 * fonts, and an uncompressed content stream, so the text stays extractable (and checkable in tests).
 * Coordinates are taken from the top-left corner in millimetres, as DIN 5008 states them.
 */
export class OnePagePdf {
  private readonly ops: Buffer[] = [];

  text(text: string, x: number, top: number, options: { size?: number; font?: TFont; gray?: number } = {}): void {
    const size = options.size ?? 10.5;
    const font = FONT_NAMES[options.font ?? 'regular'];
    const gray = options.gray ?? 0;
    const y = A4.height - mm(top) - size * 0.8;
    this.ops.push(Buffer.from(`BT ${gray.toFixed(2)} g /${font} ${size} Tf ${mm(x).toFixed(2)} ${y.toFixed(2)} Td `, 'latin1'), pdfString(text), Buffer.from(' Tj ET\n', 'latin1'));
  }

  /** Words wrapped into lines no wider than `width` mm; returns the top of the next line. */
  paragraph(text: string, x: number, top: number, width: number, options: { size?: number; font?: TFont; leading?: number; gray?: number } = {}): number {
    const size = options.size ?? 10.5;
    const leading = options.leading ?? size * 1.35;
    let line = '';
    let y = top;
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && helveticaWidth(candidate, size, options.font === 'bold') > mm(width)) {
        this.text(line, x, y, options);
        y += (leading * 25.4) / 72;
        line = word;
      } else line = candidate;
    }
    if (line) {
      this.text(line, x, y, options);
      y += (leading * 25.4) / 72;
    }
    return y;
  }

  line(x1: number, top1: number, x2: number, top2: number, width = 0.5, gray = 0): void {
    this.ops.push(Buffer.from(`${gray.toFixed(2)} G ${width} w ${mm(x1).toFixed(2)} ${(A4.height - mm(top1)).toFixed(2)} m ${mm(x2).toFixed(2)} ${(A4.height - mm(top2)).toFixed(2)} l S\n`, 'latin1'));
  }

  /** The finished file. `title` goes into the document information (shown as the viewer's window title). */
  toBuffer(title: string): Buffer {
    const content = Buffer.concat(this.ops);
    const fonts = (Object.keys(FONT_NAMES) as TFont[]).map((f) => `/${FONT_NAMES[f]} ${4 + Object.keys(FONT_NAMES).indexOf(f)} 0 R`).join(' ');
    const objects: Buffer[] = [
      Buffer.from('<< /Type /Catalog /Pages 2 0 R >>', 'latin1'),
      Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 'latin1'),
      Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.width.toFixed(2)} ${A4.height.toFixed(2)}] /Resources << /Font << ${fonts} >> >> /Contents 7 0 R >>`, 'latin1'),
      ...(Object.keys(FONT_NAMES) as TFont[]).map((f) => Buffer.from(`<< /Type /Font /Subtype /Type1 /BaseFont /${BASE_FONTS[f]} /Encoding /WinAnsiEncoding >>`, 'latin1')),
      Buffer.concat([Buffer.from(`<< /Length ${content.length} >>\nstream\n`, 'latin1'), content, Buffer.from('endstream', 'latin1')]),
      Buffer.concat([Buffer.from('<< /Title ', 'latin1'), pdfString(title), Buffer.from(' >>', 'latin1')]),
    ];
    const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = parts[0]!.length;
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(offset);
      const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      parts.push(chunk);
      offset += chunk.length;
    });
    const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
    parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
    return Buffer.concat(parts);
  }
}
