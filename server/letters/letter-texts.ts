import 'server-only';
import type { TLetterTexts } from '@/server/letters/letter-pdf';
import type { TOrganisation } from '@/server/legal/organisation';

/** What the texts depend on: who gets the letter, whether it opens a first access, and its dates and address. */
export type TLetterFacts = {
  recipient: { kind: string; name: string; number: string };
  firstAccess: boolean;
  validUntil: string;
  signInUrl: string;
};

type TTranslate = (key: string, values?: Record<string, string>) => string;

/**
 * The letter's texts in its language (`t`: the passwordLetter messages). An employer is a company: addressed
 * as one ("Sehr geehrte Damen und Herren"), its access set up for the company, its number the company number.
 */
export function letterTexts(t: TTranslate, letter: TLetterFacts, org: TOrganisation): TLetterTexts {
  const company = letter.recipient.kind === 'EMPLOYER';
  return {
    title: t('title'),
    subject: letter.firstAccess ? t('subjectWelcome') : t('subject'),
    addressNote: t('addressNote'),
    numberLabel: company ? t('companyNumberLabel') : t('insuranceNumberLabel'),
    dateLabel: t('dateLabel'),
    validUntilLabel: t('validUntilLabel'),
    salutation: company ? t('salutationCompany') : t('salutation', { name: letter.recipient.name }),
    intro: letter.firstAccess ? t(company ? 'introWelcomeCompany' : 'introWelcome') : t('intro'),
    codeLabel: t('codeLabel'),
    steps: [
      t('step1', { url: letter.signInUrl }),
      t('step2', { number: letter.recipient.number }),
      letter.firstAccess ? t('step3Welcome') : t('step3'),
    ],
    validity: t('validity', { date: letter.validUntil }),
    notRequested: letter.firstAccess ? t('notRequestedWelcome', { phone: org.phone }) : t('notRequested', { phone: org.phone }),
    closing: t('closing'),
    signature: t('signature', { organisation: org.name }),
    footerContact: t('footerContact', { phone: org.phone, email: org.email }),
  };
}
