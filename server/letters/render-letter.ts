import 'server-only';
import { getTranslations } from 'next-intl/server';
import { TIME_ZONE } from '@/i18n/locales';
import { passwordLetterPdf } from '@/server/letters/letter-pdf';
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
  const texts = {
    title: t('title'),
    subject: letter.firstAccess ? t('subjectWelcome') : t('subject'),
    addressNote: t('addressNote'),
    numberLabel: letter.recipient.kind === 'EMPLOYER' ? t('companyNumberLabel') : t('insuranceNumberLabel'),
    dateLabel: t('dateLabel'),
    validUntilLabel: t('validUntilLabel'),
    salutation: t('salutation', { name: letter.recipient.name }),
    intro: letter.firstAccess ? t('introWelcome') : t('intro'),
    codeLabel: t('codeLabel'),
    steps: [t('step1', { url: signInUrl }), t('step2', { number: letter.recipient.number }), letter.firstAccess ? t('step3Welcome') : t('step3')],
    validity: t('validity', { date: validUntil }),
    notRequested: letter.firstAccess ? t('notRequestedWelcome', { phone: org.phone }) : t('notRequested', { phone: org.phone }),
    closing: t('closing'),
    signature: t('signature', { organisation: org.name }),
    footerContact: t('footerContact', { phone: org.phone, email: org.email }),
  };
  const content = { kind: letter.recipient.kind, loginName: letter.recipient.number, displayName: letter.recipient.name, code: letter.code };
  return passwordLetterPdf(content, org, texts, { issued: formatDate(letter.handedAt, locale), validUntil });
}
