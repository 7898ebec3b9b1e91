import 'server-only';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import type { TOrganisation } from '@/server/legal/organisation';

/** What the letter needs to know about its recipient; the caller maps its own record onto it. */
export type TLetterContent = { kind: 'MEMBER' | 'EMPLOYER'; loginName: string; displayName: string; code: string };

/** The letter's words, from messages/*.json (passwordLetter), with the placeholders already filled. */
export type TLetterTexts = {
  title: string;
  subject: string;
  addressNote: string;
  numberLabel: string;
  dateLabel: string;
  validUntilLabel: string;
  salutation: string;
  intro: string;
  codeLabel: string;
  steps: string[];
  validity: string;
  notRequested: string;
  closing: string;
  signature: string;
  footerContact: string;
};

// Members' names come in any script (Cyrillic, Greek, Turkish, Polish, Arabic …), which the PDF standard
// fonts cannot show, so DejaVu is embedded (pdfkit keeps only the glyphs used). The files are found from
// the working directory, not with require.resolve: Turbopack takes a resolved .ttf for a module to bundle
// and fails the build ("Unknown module type"). `next start`, Vitest and the tsx scripts all run in the
// project root, where npm installed the package.
const DEJAVU = path.join(process.cwd(), 'node_modules', 'dejavu-fonts-ttf', 'ttf');
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf' } as const;
type TFont = keyof typeof FONTS;

const LEFT = 25;
const WIDTH = 165;
const FOOTER_TOP = 275;

/** Millimetres (as DIN 5008 states positions) to PDF points. */
const pt = (mm: number) => (mm * 72) / 25.4;
const toMm = (points: number) => (points * 25.4) / 72;

// pdfkit shapes word by word (fontkit joins the Arabic letters and turns each word right to left) but has
// no bidi algorithm, so the words of a right-to-left name would stand in left-to-right order. Passing
// `features` makes pdfkit lay out the whole text as one run, which fontkit then turns as a whole; that is
// right only for text without left-to-right letters or digits, so only such text gets it (the name in the
// address field). A mixed line, like the salutation with an Arabic name of two words, keeps pdfkit's order.
const WHOLLY_RTL = /^[\p{Script=Arabic}\p{Script=Hebrew}\p{M} ]*[\p{Script=Arabic}\p{Script=Hebrew}][\p{Script=Arabic}\p{Script=Hebrew}\p{M} ]*$/u;

type TTextStyle = { size?: number; font?: TFont; gray?: number };
type TLineStyle = TTextStyle & { maxWidth?: number };

/** Drawing in millimetres from the top-left corner, each text placed by its top as in the old layout. */
function pen(doc: PDFKit.PDFDocument) {
  const style = ({ size = 10.5, font = 'regular', gray = 0 }: TTextStyle) => {
    const level = Math.round(gray * 255);
    doc.font(font).fontSize(size).fillColor([level, level, level]);
    return size;
  };
  // The baseline sits 0.8 × size below the given top, whatever the font's own ascender.
  const baseline = (top: number, size: number) => pt(top) + size * 0.8;
  return {
    /** One line; with `maxWidth` (mm) set smaller when it would not fit, but not below 60 % (still legible). */
    text(text: string, x: number, top: number, options: TLineStyle = {}): void {
      let size = style(options);
      const features = WHOLLY_RTL.test(text) ? { features: [] } : {};
      const width = doc.widthOfString(text, features);
      if (options.maxWidth !== undefined && width > pt(options.maxWidth)) doc.fontSize((size = Math.max(size * 0.6, (size * pt(options.maxWidth)) / width)));
      doc.text(text, pt(x), baseline(top, size), { lineBreak: false, baseline: 'alphabetic', ...features });
    },
    /** Wrapped into `width` mm by pdfkit's line breaker; returns the top of the next line in mm. */
    paragraph(text: string, x: number, top: number, width: number, options: TTextStyle & { leading?: number } = {}): number {
      const size = style(options);
      const leading = options.leading ?? size * 1.35;
      doc.text(text, pt(x), baseline(top, size), { width: pt(width), lineGap: leading - doc.currentLineHeight(), baseline: 'alphabetic' });
      return toMm(doc.y - size * 0.8);
    },
    line(x1: number, top1: number, x2: number, top2: number, width = 0.5, gray = 0): void {
      const level = Math.round(gray * 255);
      doc.moveTo(pt(x1), pt(top1)).lineTo(pt(x2), pt(top2)).lineWidth(width).strokeColor([level, level, level]).stroke();
    },
  };
}

/**
 * The password letter on A4 after DIN 5008 form B: the insurer's sender line above the address window
 * (45–90 mm from the top, 20 mm from the left), an information block on the right, date, subject,
 * body, and the fold and punch marks. We keep no postal addresses (data minimisation): the window holds
 * the member's name and number, and the insurer's print and mail system adds the postal address from
 * its own records into the lines marked for it (docs/decisions/0041, 0042).
 */
export async function passwordLetterPdf(letter: TLetterContent, organisation: TOrganisation, texts: TLetterTexts, dates: { issued: string; validUntil: string }): Promise<Buffer> {
  // The regular face as the default font keeps pdfkit from ever loading a standard (non-embedded) font;
  // displayTitle shows the title, not the file name, in the viewer; bufferPages lets us count the pages.
  const doc = new PDFDocument({ size: 'A4', margin: 0, font: path.join(DEJAVU, FONTS.regular), info: { Title: texts.title }, displayTitle: true, bufferPages: true });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, path.join(DEJAVU, file));
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const pdf = pen(doc);

  // Letterhead.
  pdf.text(organisation.name, LEFT, 15, { size: 15, font: 'bold' });
  pdf.text(organisation.address, LEFT, 23, { size: 9, gray: 0.3 });
  pdf.line(LEFT, 29, LEFT + WIDTH, 29, 0.4, 0.6);

  // Address field (45–90 mm): the sender line closes the endorsement zone; the address zone below
  // (62.7–90 mm, marked at its corners) starts with the member's name, and lines 2–5 stay free for the
  // postal address the print and mail system adds.
  // Both lines of the window must stay inside its 85 mm, or the envelope would cut them off.
  pdf.text(`${organisation.name} · ${organisation.address}`, 20, 57, { size: 7, gray: 0.25, maxWidth: 85 });
  pdf.line(20, 61, 105, 61, 0.3, 0.5);
  for (const [x, top, dx, dy] of [[20, 62.7, 1, 1], [105, 62.7, -1, 1], [20, 90, 1, -1], [105, 90, -1, -1]] as const) {
    pdf.line(x, top, x + 3 * dx, top, 0.3, 0.6);
    pdf.line(x, top, x, top + 3 * dy, 0.3, 0.6);
  }
  pdf.text(letter.displayName, 22, 64.5, { size: 10.5, maxWidth: 81 });
  pdf.paragraph(texts.addressNote, 22, 84, 80, { size: 6, leading: 7, gray: 0.55 });

  // Information block.
  const info: [string, string][] = [
    [texts.numberLabel, letter.loginName],
    [texts.dateLabel, dates.issued],
    [texts.validUntilLabel, dates.validUntil],
  ];
  info.forEach(([label, value], i) => {
    pdf.text(label, 125, 50 + i * 10, { size: 8, gray: 0.3 });
    pdf.text(value, 125, 54 + i * 10, { size: 10 });
  });

  // Subject and body.
  let top = pdf.paragraph(texts.subject, LEFT, 98.4, WIDTH, { size: 12, font: 'bold' });
  top = pdf.paragraph(texts.salutation, LEFT, top + 6, WIDTH);
  top = pdf.paragraph(texts.intro, LEFT, top + 3, WIDTH);
  pdf.text(texts.codeLabel, LEFT, top + 5, { size: 9, gray: 0.3 });
  pdf.text(letter.code, LEFT, top + 10, { size: 18, font: 'mono' });
  top += 22;
  texts.steps.forEach((step, i) => {
    pdf.text(`${i + 1}.`, LEFT, top);
    top = pdf.paragraph(step, LEFT + 6, top, WIDTH - 6) + 1;
  });
  top = pdf.paragraph(texts.validity, LEFT, top + 3, WIDTH);
  top = pdf.paragraph(texts.notRequested, LEFT, top + 3, WIDTH);
  top = pdf.paragraph(texts.closing, LEFT, top + 6, WIDTH);
  top = pdf.paragraph(texts.signature, LEFT, top + 1, WIDTH);
  // Longer texts (a translation, a long address) must not run into the footer or onto a second sheet
  // unnoticed: a letter that does not fit is refused, and the tests render every language.
  if (top > FOOTER_TOP) throw new Error('the password letter does not fit on one page');

  // Footer.
  pdf.line(LEFT, FOOTER_TOP, LEFT + WIDTH, FOOTER_TOP, 0.4, 0.6);
  const below = pdf.paragraph(`${organisation.name} · ${organisation.legalForm} · ${organisation.address}`, LEFT, 278, WIDTH, { size: 7.5, leading: 9 });
  // A long address wraps; the contact line then follows it instead of printing over its second line.
  pdf.paragraph(texts.footerContact, LEFT, Math.max(282, below), WIDTH, { size: 7.5, leading: 9 });

  // Fold marks (105 mm, 210 mm) and the punch mark (148.5 mm).
  pdf.line(3, 105, 8, 105, 0.3, 0.4);
  pdf.line(3, 210, 8, 210, 0.3, 0.4);
  pdf.line(3, 148.5, 10, 148.5, 0.3, 0.4);

  if (doc.bufferedPageRange().count !== 1) throw new Error('the password letter does not fit on one page');
  doc.end();
  return finished;
}
