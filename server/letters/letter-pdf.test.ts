import { createTranslator } from 'use-intl/core';
import { describe, expect, it } from 'vitest';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import { type TLetterContent, type TLetterTexts, passwordLetterPdf } from '@/server/letters/letter-pdf';
import { letterTexts } from '@/server/letters/letter-texts';
import type { TOrganisation } from '@/server/legal/organisation';
import { codeInLetter, pdfFonts, pdfInfo, pdfText, pdfWords } from '@/tests/pdf-text';

const organisation: TOrganisation = {
  name: 'Beispiel-Krankenkasse Nord',
  legalForm: 'Körperschaft des öffentlichen Rechts',
  address: 'Straße des 17. Juni 1, 10623 Berlin',
  email: 'service@beispiel-kasse.example',
  phone: '0800 123 456 7',
  board: 'Vorstand',
  supervisor: 'Bundesamt für Soziale Sicherung',
  dpoEmail: 'datenschutz@beispiel-kasse.example',
  accessibilityEmail: 'barrierefrei@beispiel-kasse.example',
};
const dates = { issued: '26. November 2026', validUntil: '10. Dezember 2026' };

/** The letter's texts from messages/*.json, as server/letters/render-letter.ts makes them. */
function textsFor(locale: 'de' | 'en', letter: TLetterContent, firstAccess = false): TLetterTexts {
  const t = createTranslator({ locale, messages: { de, en }[locale], namespace: 'passwordLetter' });
  return letterTexts(
    t as (key: string, values?: Record<string, string>) => string,
    {
      recipient: { kind: letter.kind, name: letter.displayName, number: letter.loginName },
      firstAccess,
      validUntil: dates.validUntil,
      signInUrl: 'https://videoberatung.beispiel-kasse.example/login',
    },
    organisation,
  );
}

function member(displayName: string, kind: TLetterContent['kind'] = 'MEMBER'): TLetterContent {
  return { kind, loginName: kind === 'MEMBER' ? 'K482915736' : '73849201', displayName, code: 'aB3d-Ef7h-2kZm-pQ9s' };
}

/** Pairs of words whose boxes (as pdftotext measures them) overlap: text printed over text. */
function overlapping(pdf: Buffer): string[] {
  const words = pdfWords(pdf);
  const hit = (a: (typeof words)[number], b: (typeof words)[number]) => a.xMin < b.xMax - 0.1 && b.xMin < a.xMax - 0.1 && a.yMin < b.yMax - 0.1 && b.yMin < a.yMax - 0.1;
  return words.flatMap((a, i) => words.slice(i + 1).filter((b) => hit(a, b)).map((b) => `${a.word} / ${b.word}`));
}

// The same words as the letter, whatever line breaks the layout chose.
const flowing = (lines: string[]) => lines.join(' ').replace(/\s+/g, ' ');

describe('password letter PDF', () => {
  it.each([
    ['Cyrillic', member('Людмила Кузнецова')],
    ['Turkish and Polish letters', member('Ayşe Yılmaz-Wiśniewska aus Łódź (Çağrı, Żaneta)')],
    ['Greek', member('Παρασκευή Αλεξανδροπούλου')],
    ['German (an employer)', member('Bäckerei Größ „Zum Weißen Roß“ – 1-€-Laden GmbH', 'EMPLOYER')],
    // A name wholly in a right-to-left script: shaped and in right-to-left word order (pdftotext rebuilds
    // the logical order from the glyph positions). Mixed lines such as the salutation are not reordered.
    ['Arabic', member('فاطمة الزهراء')],
  ])('prints a name in %s exactly as given, with its number and the code', async (_, letter) => {
    const pdf = await passwordLetterPdf(letter, organisation, textsFor('de', letter), dates);
    const lines = pdfText(pdf);
    expect(lines).toContain(letter.displayName);
    expect(lines).toContain(letter.loginName);
    expect(codeInLetter(pdf)).toBe(letter.code);
  });

  it('prints the salutation with a name in a left-to-right script as one line', async () => {
    const letter = member('Ayşe Yılmaz-Wiśniewska');
    const pdf = await passwordLetterPdf(letter, organisation, textsFor('de', letter), dates);
    expect(pdfText(pdf)).toContain('Guten Tag Ayşe Yılmaz-Wiśniewska,');
  });

  it.each([
    ['de', 'Sehr geehrte Damen und Herren,', 'Für Ihren Betrieb ist ein Zugang zur Videoberatung eingerichtet.'],
    ['en', 'Dear Sir or Madam,', 'An account for video consultations has been set up for your company.'],
  ] as const)('addresses an employer as a company (%s): no personal salutation, its company number', async (locale, salutation, intro) => {
    const letter = member('Musterbau GmbH', 'EMPLOYER');
    const text = flowing(pdfText(await passwordLetterPdf(letter, organisation, textsFor(locale, letter, true), dates)));
    expect(text).toContain(salutation);
    expect(text).toContain(intro);
    expect(text).not.toMatch(/Guten Tag Musterbau|Dear Musterbau|Ihrer Krankenkasse|your health insurer/);
    expect(text).toContain(locale === 'de' ? 'Betriebsnummer' : 'Company number');
  });

  it.each(['de', 'en'] as const)('keeps every text of the %s letter, on one A4 page titled after the letter', async (locale) => {
    const letter = member('Jürgen Größ');
    const texts = textsFor(locale, letter);
    const pdf = await passwordLetterPdf(letter, organisation, texts, dates);
    const text = flowing(pdfText(pdf));
    const { steps, title, ...paragraphs } = texts;
    for (const words of [...Object.values(paragraphs), ...steps.map((step, i) => `${i + 1}. ${step}`)]) expect(text).toContain(words);
    for (const words of [organisation.name, `${organisation.name} · ${organisation.address}`, `${organisation.name} · ${organisation.legalForm} · ${organisation.address}`, dates.issued, dates.validUntil]) expect(text).toContain(words);
    const info = pdfInfo(pdf);
    expect(info.Title).toBe(title);
    expect(info.Pages).toBe('1');
    expect(info['Page size']).toMatch(/^595\.2\d x 841\.8\d pts \(A4\)$/);
    expect(overlapping(pdf)).toEqual([]);
  });

  it('embeds its only fonts, DejaVu subsets, and stays small', async () => {
    const letter = member('Людмила Кузнецова');
    const pdf = await passwordLetterPdf(letter, organisation, textsFor('de', letter), dates);
    const fonts = pdfFonts(pdf);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold', 'DejaVuSansMono']);
    for (const font of fonts) expect(font, font.name).toMatchObject({ embedded: true, name: expect.stringMatching(/^[A-Z]{6}\+/) as unknown });
    // The three whole TTFs are some 1.8 MB; only the glyphs used belong in the letter.
    expect(pdf.length).toBeLessThan(80_000);
  });

  it('keeps a long name and a long sender line inside the 85 mm of the address window', async () => {
    const letter = member('Größ „Zum Weißen Roß“ Garten- und Landschaftsbau GmbH & Co. KG', 'EMPLOYER');
    const longer = { ...organisation, address: 'Hauptverwaltung, Friedrich-Ebert-Anlage 1–3, 60327 Frankfurt am Main' };
    const pdf = await passwordLetterPdf(letter, longer, textsFor('de', letter), dates);
    expect(pdfText(pdf)).toEqual(expect.arrayContaining([letter.displayName, `${longer.name} · ${longer.address}`]));
    const mm = (points: number) => (points * 25.4) / 72;
    // The left column between 45 and 90 mm from the top is the window; the information block starts at 125 mm.
    const window = pdfWords(pdf).filter((w) => mm(w.yMin) > 45 && mm(w.yMax) < 90 && mm(w.xMin) < 120);
    expect(window.map((w) => w.word)).toEqual(expect.arrayContaining(['Landschaftsbau', 'KG', 'Frankfurt', 'Main']));
    for (const w of window) expect(mm(w.xMax), w.word).toBeLessThanOrEqual(105);
    // The long address wraps in the footer too; the contact line moves down rather than print over it.
    expect(overlapping(pdf)).toEqual([]);
  });

  // 12 times the paragraph reaches into the footer; 40 times it runs off the page (pdfkit would add one).
  it.each([12, 40])('refuses a letter whose body would not fit above the footer (a paragraph %i times)', async (times) => {
    const letter = member('Jürgen Größ');
    const texts = textsFor('de', letter);
    await expect(passwordLetterPdf(letter, organisation, { ...texts, notRequested: texts.notRequested.repeat(times) }, dates)).rejects.toThrow(/one page/);
  });
});
