import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { ConsentStatusBadge } from '@/components/consent-status-badge';
import { recordingViolation } from '@/server/call/advisor-consultation';
import { LiveRefresh } from '@/components/live-refresh';
import { CompactTime } from '@/components/compact-time';
import { requireActor } from '@/server/auth/current-actor';
import { listAdvisorConsultations } from '@/server/consultation/advisor-consultations';
import { db } from '@/server/db/client';
import { FailedSignInsNotice } from '@/components/failed-sign-ins-notice';
import { formatPhone } from '@/components/format-phone';
import { TopicText } from '@/components/topic-text';
import { StatusIcon } from '@/components/status-icon';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('advisor'))('title') };
}

export default async function AdvisorHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const handedOver = (await searchParams).handedOver === '1';
  const actor = await requireActor(['ADVISOR']);
  const locale = await getLocale();
  const t = await getTranslations('advisor');
  const tc = await getTranslations('common');
  const th = await getTranslations('handOver');
  const consultations = await listAdvisorConsultations(await db(), actor);
  const now = new Date();
  return (
    <>
      <LiveRefresh source="/api/advisor/events" />
      <h1 id="table-caption">{t('title')}</h1>
      <FailedSignInsNotice actor={actor} />
      {handedOver ? (
        <div className="notice notice--ok" role="status">
          <p>{th('done')}</p>
        </div>
      ) : null}
      <p>
        <a className="button" href="/advisor/consultations/new">
          {t('newConsultation')}
        </a>
      </p>
      {consultations.length === 0 ? (
        <p className="card">{t('empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="table-caption" tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('member')}</th>
                <th scope="col">{t('topic')}</th>
                <th scope="col">{t('service')}</th>
                <th scope="col">{t('consent')}</th>
                <th scope="col">{t('mayStart')}</th>
                <th scope="col">{t('mayRecord')}</th>
              </tr>
            </thead>
            <tbody>
              {consultations.map((c) => (
                <tr key={c.id}>
                  <td>
                    <CompactTime value={c.startsAt} locale={locale} now={now} />
                  </td>
                  <td>{c.member.displayName}</td>
                  <td>
                    <a href={`/advisor/consultations/${c.id}`}>
                      <TopicText topic={c.topic} locale={locale} />
                    </a>
                  </td>
                  <td>{c.videoService.name}</td>
                  <td>
                    <ConsentStatusBadge status={c.evaluation.status} />
                    {c._count.violations > 0 || recordingViolation(c) ? (
                      <div>
                        <span className="status status--bad">
                          <StatusIcon icon="warning" />
                          {t('violationBadge')}
                        </span>
                      </div>
                    ) : null}
                    {c.evaluation.status === 'refused' && c.callbackPhone ? (
                      <div>{t('callback', { phone: formatPhone(c.callbackPhone) })}</div>
                    ) : null}
                  </td>
                  <td>{c.evaluation.call.allowed ? tc('yes') : tc('no')}</td>
                  <td>{c.evaluation.recording.allowed ? tc('yes') : tc('no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
