import 'server-only';
import { getTranslations } from 'next-intl/server';
import { TIME_ZONE } from '@/i18n/locales';
import { passwordLetterPdf } from '@/server/letters/letter-pdf';
import { letterTexts } from '@/server/letters/letter-texts';
import { organisation } from '@/server/legal/organisation';
import type { TLetterToRender } from '@/server/letters/claim-letter';

function formatDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: TIME_ZONE }).format(date);
}

/** The letter as a PDF in its own language, made in memory for the one answer that carries it. */
export async function renderLetterPdf(letter: TLetterToRender, signInUrl: string): Promise<Buffer> {
  const locale = letter.language;
  const t = await getTranslations({ locale, namespace: 'passwordLetter' });
  const org = organisation();
  const validUntil = formatDate(letter.codeExpiresAt, locale);
  const texts = letterTexts(t as (key: string, values?: Record<string, string>) => string, { ...letter, validUntil, signInUrl }, org);
  const content = { kind: letter.recipient.kind, loginName: letter.recipient.number, displayName: letter.recipient.name, code: letter.code };
  return passwordLetterPdf(content, org, texts, { issued: formatDate(letter.handedAt, locale), validUntil });
}
