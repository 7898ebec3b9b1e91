import { z } from 'zod';
import { getLocale, getTranslations } from 'next-intl/server';
import { getActor, isRestricted } from '@/server/auth/current-actor';
import { performCallAction } from '@/server/call/call-actions';
import { htmlPage } from '@/server/request/html-page';
import { readUrlEncodedForm } from '@/server/request/read-form';
import { isSameOrigin } from '@/server/request/same-origin';

/** For a plain link, the advisor's confirmation that the service's own recording is off. */
const ZStartForm = z.object({ recordingOff: z.literal('yes').optional() });

/**
 * The advisor's "start call": checks the member's consent at this moment, logs the attempt with the
 * advisor's id, and only then opens the video service (in the tab the form opened). Without valid
 * consent: 403 with the reason.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const lang = await getLocale();
  const t = await getTranslations('join');
  const ta = await getTranslations('advisor');
  const tr = await getTranslations('advisorReasons');
  const back = { href: `/advisor/consultations/${encodeURIComponent(id)}`, text: t('deniedNext') };

  if (!isSameOrigin(request.headers)) return htmlPage(403, { lang, title: t('deniedTitle'), paragraphs: [t('badRequest')] });
  const actor = await getActor();
  if (!actor || isRestricted(actor) || actor.kind !== 'ADVISOR') {
    return actor
      ? htmlPage(404, { lang, title: t('deniedTitle'), paragraphs: [tr('not-found')], link: { href: '/', text: t('deniedNext') } })
      : htmlPage(401, { lang, title: t('deniedTitle'), paragraphs: [t('signInFirst')], link: { href: '/login', text: t('signInFirst') } });
  }
  // A post without a body (no content type) is an empty form: nothing confirmed.
  const form = request.headers.get('content-type') ? await readUrlEncodedForm(request) : ({ ok: true, fields: {} } as const);
  const fields = form.ok ? ZStartForm.safeParse(form.fields) : null;
  if (!fields?.success)
    return htmlPage(form.ok ? 400 : form.status, { lang, title: t('deniedTitle'), paragraphs: [t('badRequest')], link: back });
  const result = await performCallAction(actor, id, 'start-call', { recordingOffConfirmed: fields.data.recordingOff === 'yes' });
  if (result.kind === 'done' && result.url) {
    return new Response(null, {
      status: 303,
      headers: { location: result.url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
  }
  if (result.kind === 'not-found')
    return htmlPage(404, {
      lang,
      title: t('deniedTitle'),
      paragraphs: [tr('not-found'), t('deniedLogged')],
      link: { href: '/advisor', text: t('deniedNext') },
    });
  const reason = result.kind === 'denied' ? tr(result.reason) : '';
  return htmlPage(403, { lang, title: t('deniedTitle'), paragraphs: [ta('mayNotStart', { reason }), t('deniedLogged')], link: back });
}
