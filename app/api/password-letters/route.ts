import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { readUrlEncodedForm } from '@/server/request/read-form';
import { passwordLetterPdf } from '@/server/admin/password-letter-pdf';
import { PASSWORD_LETTER_ERRORS, ZPasswordLetterInput, resetPasswordByLetter } from '@/server/admin/reset-password-by-letter';
import { routeActor } from '@/server/auth/route-actor';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { organisation } from '@/server/legal/organisation';
import { isSameOrigin } from '@/server/request/same-origin';
import { LOCALES, TIME_ZONE } from '@/i18n/locales';

const ZLetterForm = ZPasswordLetterInput.extend({
  language: z.enum(LOCALES, { error: 'languageRequired' }),
  confirm: z.literal('yes', { error: 'confirmRequired' }),
});

const FORM_FOR = { ADMIN: '/admin/password-letter', ADVISOR: '/advisor/password-letter' } as const;

function backToForm(path: string, error: string): Response {
  // Only the error's key goes into the address: never the member's number.
  return new Response(null, { status: 303, headers: { location: `${path}?error=${PASSWORD_LETTER_ERRORS.includes(error as never) ? error : 'memberRequired'}`, 'cache-control': 'no-store' } });
}

function formatDate(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: TIME_ZONE }).format(date);
}

/**
 * A new initial password for a member, as a printable letter (PDF download). A plain form POST from
 * the administrator's or the advisor's page: the browser saves the file and stays on the page, with
 * or without JavaScript. The code appears only inside the PDF (never in HTML, the address or the logs).
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request.headers)) return new Response('Forbidden.', { status: 403, headers: { 'cache-control': 'no-store' } });
  const resolved = await routeActor(['ADMIN', 'ADVISOR']);
  if ('response' in resolved) return resolved.response;
  const { actor } = resolved;
  const form = FORM_FOR[actor.kind as keyof typeof FORM_FOR];
  // Read with a size limit: /api routes are outside the proxy, whose checks do not reach them.
  const read = await readUrlEncodedForm(request);
  if (!read.ok) return new Response(read.status === 413 ? 'Request too large.' : 'Unsupported form encoding.', { status: read.status, headers: { 'cache-control': 'no-store' } });
  const { fields } = read;
  const parsed = ZLetterForm.safeParse({ member: fields.member ?? '', language: fields.language ?? '', confirm: fields.confirm ?? '' });
  if (!parsed.success) return backToForm(form, String(parsed.error.issues[0]?.message ?? 'memberRequired'));

  const result = await resetPasswordByLetter(await db(), actor, parsed.data.member);
  if (!result.ok) return backToForm(form, result.reason === 'recent-letter' ? 'recentLetter' : 'memberNotFound');
  const { letter } = result;
  const locale = parsed.data.language;
  const t = await getTranslations({ locale, namespace: 'passwordLetter' });
  const org = organisation();
  const validUntil = formatDate(letter.expiresAt, locale);
  const signInAt = new URL('/login', env().AUTH_URL ?? request.url).toString();
  const texts = {
    title: t('title'),
    subject: t('subject'),
    addressNote: t('addressNote'),
    numberLabel: letter.kind === 'EMPLOYER' ? t('companyNumberLabel') : t('insuranceNumberLabel'),
    dateLabel: t('dateLabel'),
    validUntilLabel: t('validUntilLabel'),
    salutation: t('salutation', { name: letter.displayName }),
    intro: t('intro'),
    codeLabel: t('codeLabel'),
    steps: [t('step1', { url: signInAt }), t('step2', { number: letter.loginName }), t('step3')],
    validity: t('validity', { date: validUntil }),
    notRequested: t('notRequested', { phone: org.phone }),
    closing: t('closing'),
    signature: t('signature', { organisation: org.name }),
    footerContact: t('footerContact', { phone: org.phone, email: org.email }),
  };
  const pdf = passwordLetterPdf(letter, org, texts, { issued: formatDate(letter.issuedAt, locale), validUntil });
  const day = letter.issuedAt.toISOString().slice(0, 10);
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="password-letter-${day}.pdf"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
