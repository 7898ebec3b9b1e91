import { getLocale, getTranslations } from 'next-intl/server';
import { getActor, isRestricted } from '@/server/auth/current-actor';
import { authorizeJoin } from '@/server/consent/authorize-join';
import { htmlPage } from '@/server/request/html-page';
import { isSameOrigin } from '@/server/request/same-origin';

/**
 * "Join video call": checks the consent at this moment, logs the attempt, and only then sends the
 * member to the video service. Without valid consent: 403 with the reason.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const lang = await getLocale();
  const t = await getTranslations('join');
  const tr = await getTranslations('reasons');

  if (!isSameOrigin(request.headers)) {
    return htmlPage(403, { lang, title: t('deniedTitle'), paragraphs: [t('badRequest')] });
  }
  const actor = await getActor();
  if (!actor || isRestricted(actor) || (actor.kind !== 'MEMBER' && actor.kind !== 'EMPLOYER')) {
    return htmlPage(actor ? 404 : 401, {
      lang,
      title: t('deniedTitle'),
      paragraphs: [actor ? tr('not-found') : t('signInFirst')],
      link: { href: '/login', text: t('signInFirst') },
    });
  }

  const decision = await authorizeJoin(actor, id);
  if (decision.allowed) {
    return new Response(null, {
      status: 303,
      headers: { location: decision.url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
    });
  }
  if (decision.reason === 'not-found') {
    return htmlPage(404, {
      lang,
      title: t('deniedTitle'),
      paragraphs: [tr('not-found'), t('deniedLogged')],
      link: { href: '/member', text: t('deniedNext') },
    });
  }
  return htmlPage(403, {
    lang,
    title: t('deniedTitle'),
    paragraphs: [t('deniedIntro'), tr(decision.reason), t('deniedLogged')],
    link: { href: `/member/consultations/${decision.consultationId}`, text: t('deniedNext') },
  });
}
