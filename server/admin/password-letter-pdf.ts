import 'server-only';
import type { TPasswordLetter } from '@/server/admin/reset-password-by-letter';
import { OnePagePdf } from '@/server/admin/pdf/minimal-pdf';
import type { TOrganisation } from '@/server/legal/organisation';

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

const LEFT = 25;
const WIDTH = 165;

/**
 * The password letter on A4 after DIN 5008 form B: the insurer's sender line above the address window
 * (45–90 mm from the top, 20 mm from the left), an information block on the right, date, subject,
 * body, and the fold and punch marks. We keep no postal addresses (data minimisation): the window holds
 * the member's name and number, and the insurer's print and mail system adds the postal address from
 * its own records into the lines marked for it (docs/decisions/0041).
 */
export function passwordLetterPdf(letter: TPasswordLetter, organisation: TOrganisation, texts: TLetterTexts, dates: { issued: string; validUntil: string }): Buffer {
  const pdf = new OnePagePdf();
  // Letterhead.
  pdf.text(organisation.name, LEFT, 15, { size: 15, font: 'bold' });
  pdf.text(organisation.address, LEFT, 23, { size: 9, gray: 0.3 });
  pdf.line(LEFT, 29, LEFT + WIDTH, 29, 0.4, 0.6);

  // Address field (45–90 mm): the sender line closes the endorsement zone; the address zone below
  // (62.7–90 mm, marked at its corners) starts with the member's name, and lines 2–5 stay free for the
  // postal address the print and mail system adds.
  pdf.text(`${organisation.name} · ${organisation.address}`, 20, 57, { size: 7, gray: 0.25 });
  pdf.line(20, 61, 105, 61, 0.3, 0.5);
  for (const [x, top, dx, dy] of [[20, 62.7, 1, 1], [105, 62.7, -1, 1], [20, 90, 1, -1], [105, 90, -1, -1]] as const) {
    pdf.line(x, top, x + 3 * dx, top, 0.3, 0.6);
    pdf.line(x, top, x, top + 3 * dy, 0.3, 0.6);
  }
  pdf.text(letter.displayName, 22, 64.5, { size: 10.5 });
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
  pdf.paragraph(texts.signature, LEFT, top + 1, WIDTH);

  // Footer.
  pdf.line(LEFT, 275, LEFT + WIDTH, 275, 0.4, 0.6);
  pdf.paragraph(`${organisation.name} · ${organisation.legalForm} · ${organisation.address}`, LEFT, 278, WIDTH, { size: 7.5, leading: 9 });
  pdf.paragraph(texts.footerContact, LEFT, 282, WIDTH, { size: 7.5, leading: 9 });

  // Fold marks (105 mm, 210 mm) and the punch mark (148.5 mm).
  pdf.line(3, 105, 8, 105, 0.3, 0.4);
  pdf.line(3, 210, 8, 210, 0.3, 0.4);
  pdf.line(3, 148.5, 10, 148.5, 0.3, 0.4);

  return pdf.toBuffer(texts.title);
}
