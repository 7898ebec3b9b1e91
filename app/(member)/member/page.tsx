import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { ConsentStatusBadge } from '@/components/consent-status-badge';
import { formatDateTime } from '@/components/format-time';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { listMemberConsultations } from '@/server/consultation/member-consultation';
import { db } from '@/server/db/client';
import { FailedSignInsNotice } from '@/components/failed-sign-ins-notice';
import { witnessing } from '@/server/witnessing/witness-policy';
import { LogWatchSection } from '@/components/log-watcher/log-watch-section';
import { organisation } from '@/server/legal/organisation';
import { TopicText } from '@/components/topic-text';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dashboard'))('title') };
}

export default async function MemberDashboard() {
  const actor = await requireActor(MEMBER_KINDS);
  const locale = await getLocale();
  const t = await getTranslations('dashboard');
  const tc = await getTranslations('common');
  const th = await getTranslations('history');
  const consultations = await listMemberConsultations(await db(), actor, locale);

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('greeting', { name: actor.displayName })}</p>
      <FailedSignInsNotice actor={actor} />
      <p>
        <a href="/member/consents">{th('dashboardLink')}</a>
      </p>
      {consultations.length === 0 ? <p className="card">{t('empty')}</p> : null}
      <ul className="appointments">
        {consultations.map((c) => {
          const when = formatDateTime(c.startsAt, locale);
          return (
            <li key={c.id} className="card appointment">
              <h2>
                <a href={`/member/consultations/${c.id}`}>
                  <TopicText topic={c.topic} locale={locale} />
                </a>
              </h2>
              <dl className="facts">
                <dt>{t('when')}</dt>
                <dd>{tc('dateTime', when)}</dd>
                <dt>{t('advisor')}</dt>
                <dd>{c.advisor.displayName}</dd>
                <dt>{t('service')}</dt>
                <dd>{c.videoService.name}</dd>
                <dt>{t('consent')}</dt>
                <dd>
                  <ConsentStatusBadge status={c.evaluation.status} />
                </dd>
              </dl>
            </li>
          );
        })}
      </ul>
      <LogWatchSection dpoEmail={organisation().dpoEmail} witnessed={(witnessing()?.witnesses.length ?? 0) > 0} />
    </>
  );
}
