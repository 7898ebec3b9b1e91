import { getLocale, getTranslations } from 'next-intl/server';
import { MEMBER_KINDS, getActor } from '@/server/auth/current-actor';
import { type TDecisionError, decisionErrorsForForm } from '@/server/consent/decision-errors';
import { ZRecordDecisionInput, recordDecision } from '@/server/consent/record-decision';
import { isDatabaseUnavailable } from '@/server/db/database-unavailable';
import { requestLogger } from '@/server/logging/request-logger';
import { htmlPage } from '@/server/request/html-page';
import { readUrlEncodedForm } from '@/server/request/read-form';
import { isSameOrigin } from '@/server/request/same-origin';

type TAnswer = { location: string } | { errors: TDecisionError[]; location?: undefined };

/**
 * The member's decision on the consent page. A plain form post (no JavaScript) is answered with a
 * redirect: to the page with what was saved, or back to it with the errors to show. The page's
 * script asks for JSON instead, so the boxes stay as the member left them when something is missing.
 * A route handler rather than a Server Action: it is the hot path, and a bare Server Action costs
 * twice a route's work before any of ours (bench/results.md).
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const wantsJson = (request.headers.get('accept') ?? '').includes('application/json');
  const page = `/member/consultations/${encodeURIComponent(id)}`;

  const answer = async (result: TAnswer, status = 200): Promise<Response> => {
    if (result.location !== undefined) {
      if (!wantsJson) return new Response(null, { status: 303, headers: { location: result.location, 'cache-control': 'no-store' } });
      return Response.json({ location: result.location }, { status, headers: { 'cache-control': 'no-store' } });
    }
    // Without JavaScript the browser lands on the error summary itself (its heading's id).
    if (!wantsJson) {
      return new Response(null, {
        status: 303,
        headers: { location: `${page}?error=${result.errors.join(',')}#error-summary-title`, 'cache-control': 'no-store' },
      });
    }
    const t = await getTranslations('consent.errors');
    return Response.json(
      { errors: decisionErrorsForForm(result.errors, (code) => t(code)) },
      { status: status === 200 ? 422 : status, headers: { 'cache-control': 'no-store' } },
    );
  };
  const notFound = async () => {
    const t = await getTranslations('common');
    return htmlPage(404, {
      lang: await getLocale(),
      title: t('notFoundTitle'),
      paragraphs: [t('notFoundText')],
      link: { href: '/', text: t('toStart') },
    });
  };

  if (!isSameOrigin(request.headers)) return answer({ errors: ['invalid'] }, 403);
  // The database may be restarting or failing over: say "try again shortly" (the served token makes a
  // second submission of this page safe), not an error page. Anything else is a real error.
  const unavailable = async () => {
    const t = await getTranslations('consent');
    const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
    if (wantsJson)
      return Response.json({ errors: decisionErrorsForForm(['unavailable'], (code) => t(`errors.${code}`)) }, { status: 503, headers });
    const page503 = htmlPage(503, {
      lang: await getLocale(),
      title: t('unavailableTitle'),
      paragraphs: [t('errors.unavailable')],
      link: { href: page, text: t('unavailableBack') },
    });
    page503.headers.set('retry-after', '5');
    return page503;
  };
  try {
    const actor = await getActor();
    if (!actor) return await answer({ location: '/login' }, 401);
    if (actor.mustChangePassword) return await answer({ location: '/password' }, 403);
    if (!MEMBER_KINDS.includes(actor.kind)) return await notFound();

    // This route is outside the proxy (docs/decisions/0012), so it bounds its body itself.
    const form = await readUrlEncodedForm(request);
    if (!form.ok) return new Response(form.status === 413 ? 'Request too large.' : 'Unsupported form encoding.', { status: form.status });
    const parsed = ZRecordDecisionInput.safeParse({ ...form.fields, consultationId: id });
    if (!parsed.success) return await answer({ errors: ['invalid'] }, 400);

    const result = await recordDecision(actor, parsed.data);
    switch (result.kind) {
      case 'recorded':
        return await answer({ location: `${page}?saved=${result.outcome === 'GIVEN' ? 'given' : 'refused'}` });
      case 'disclosure-changed':
        return await answer({ location: `${page}?changed=1` });
      case 'not-found':
        return await notFound();
      case 'bad-token':
        return await answer({ errors: ['badToken'] });
      case 'page-used':
        return await answer({ errors: ['pageUsed'] });
      case 'invalid':
        return await answer({ errors: result.fields });
    }
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    (await requestLogger()).warn({ err: error, route: '/api/consultations/[id]/decision' }, 'database unavailable; answered 503');
    return unavailable();
  }
}
