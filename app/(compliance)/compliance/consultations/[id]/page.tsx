import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { consultationTimeline } from '@/server/compliance/consultation-timeline';
import { memberPseudonym } from '@/server/compliance/member-pseudonym';
import { db, directDb } from '@/server/db/client';
import { readArrival } from '@/server/request/read-arrival';
import { ConfirmLoggedRead } from '@/components/confirm-logged-read';
import { eventLabelKey } from '../../log/log-filter-form';
import { EntryDetails } from './entry-details';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('timeline'))('title') };
}

type TProps = { params: Promise<{ id: string }> };

export default async function ConsultationTimelinePage({ params }: TProps) {
  const actor = await requireActor(['COMPLIANCE']);
  const { id } = await params;
  const timeline = await consultationTimeline(await db(), await directDb(), actor, id, await readArrival());
  if (!timeline) notFound();
  const t = await getTranslations('timeline');
  if ('confirmRead' in timeline)
    return <ConfirmLoggedRead title={t('title')} audience="staff" button={t('open')} path={`/compliance/consultations/${id}`} />;
  const { consultation, entries } = timeline;
  const locale = await getLocale();
  const te = await getTranslations('events');
  const starts = formatDateTime(consultation.startsAt, locale);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="hint">{t('logged')}</p>
      <dl className="facts card">
        <dt>{t('consultation')}</dt>
        <dd className="hash">{consultation.id}</dd>
        <dt>{t('scheduled')}</dt>
        <dd>
          {starts.date}, {starts.time} ({t('minutes', { count: consultation.durationMinutes })})
        </dd>
        <dt>{t('service')}</dt>
        <dd>{consultation.videoService.name}</dd>
        <dt>{t('advisor')}</dt>
        <dd>{consultation.advisor.displayName}</dd>
        <dt>{t('member')}</dt>
        <dd>{memberPseudonym(consultation.memberId)}</dd>
        <dt>{t('state')}</dt>
        <dd>
          {consultation.cancelledAt ? t('cancelled') : consultation.callStartedAt ? t('started') : t('notStarted')} ·{' '}
          {t(`recording_${consultation.recordingState}`)}
        </dd>
      </dl>
      <h2 id="timeline-heading">{t('entries', { count: entries.length })}</h2>
      <ol className="timeline" aria-labelledby="timeline-heading" data-testid="timeline">
        {entries.map((e, i) => {
          const at = formatDateTime(e.recordedAt, locale, { seconds: true });
          return (
            <li key={e.seq === null ? `q${i}` : String(e.seq)}>
              <h3>{te(eventLabelKey(e.eventType))}</h3>
              <p>
                {at.date}, {at.time} · {e.seq === null ? t('pending') : t('seq', { seq: String(e.seq) })}
                {e.leafHash ? (
                  <>
                    {' '}
                    · <code className="hash">{e.leafHash.slice(0, 16)}…</code>
                  </>
                ) : null}
              </p>
              {e.afterPasswordLetter ? (
                <p className="notice notice--warn" data-testid="after-password-letter">
                  <strong>{t('afterPasswordLetter', { requester: e.afterPasswordLetter })}</strong> {t('afterPasswordLetterMeaning')}
                </p>
              ) : null}
              <EntryDetails consultationId={consultation.id} payload={e.payload} />
            </li>
          );
        })}
      </ol>
      <p>
        <a href={`/compliance/log?consultation=${consultation.id}`}>{t('inExplorer')}</a>
      </p>
    </>
  );
}
