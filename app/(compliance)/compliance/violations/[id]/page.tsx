import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { getViolationCase } from '@/server/compliance/violations/violation-cases';
import { db } from '@/server/db/client';
import { startInvestigationAction } from '../actions';
import { CloseCaseForm } from './close-case-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('cases'))('caseTitle') };
}

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ViolationCasePage({ params, searchParams }: TProps) {
  const actor = await requireActor(['COMPLIANCE']);
  const found = await getViolationCase(await db(), actor, (await params).id);
  if (!found) notFound();
  const query = await searchParams;
  const t = await getTranslations('cases');
  const locale = await getLocale();
  const at = (d: Date) => formatWhen(d, locale);
  return (
    <>
      <p>
        <a href="/compliance/violations">{t('back')}</a>
      </p>
      <h1>{t('caseTitle')}</h1>
      {query.taken === '1' ? (
        <p className="notice notice--ok" role="status">
          {t('taken')}
        </p>
      ) : null}
      {query.closed === '1' ? (
        <p className="notice notice--ok" role="status">
          {t('closed')}
        </p>
      ) : null}
      {query.stale === '1' ? (
        <p className="notice notice--warn" role="status">
          {t('stale')}
        </p>
      ) : null}
      <dl className="facts card" data-testid="case">
        <dt>{t('kind')}</dt>
        <dd>{t(`kind_${found.kind}`)}</dd>
        <dt>{t('status')}</dt>
        <dd>{t(`status_${found.status}`)}</dd>
        <dt>{t('detected')}</dt>
        <dd>{at(found.detectedAt)}</dd>
        <dt>{t('service')}</dt>
        <dd>{found.consultation.videoService.name}</dd>
        <dt>{t('advisor')}</dt>
        <dd>{found.consultation.advisor.displayName}</dd>
        <dt>{t('consultation')}</dt>
        <dd className="hash">
          <a href={`/compliance/consultations/${found.consultationId}`}>{found.consultationId}</a>
        </dd>
        {found.investigatingSince ? (
          <>
            <dt>{t('investigator')}</dt>
            <dd>
              {found.investigatorName ?? '—'} ({t('since', { when: at(found.investigatingSince) })})
            </dd>
          </>
        ) : null}
        {found.closedAt ? (
          <>
            <dt>{t('closedBy')}</dt>
            <dd>
              {found.closedByName ?? '—'}, {at(found.closedAt)}
            </dd>
            <dt>{t('note')}</dt>
            <dd className="note-text">{found.closingNote}</dd>
          </>
        ) : null}
      </dl>
      <p>{t(`explain_${found.kind}`)}</p>
      <p>
        <a href={`/compliance/consultations/${found.consultationId}`}>{t('evidence')}</a>
      </p>
      {found.status === 'OPEN' ? (
        <form action={startInvestigationAction} className="button-row">
          <input type="hidden" name="caseId" value={found.id} />
          <button type="submit" className="button button--secondary">
            {t('take')}
          </button>
        </form>
      ) : null}
      {found.status !== 'CLOSED' ? (
        <>
          <h2>{t('closeHeading')}</h2>
          <CloseCaseForm
            caseId={found.id}
            labels={{
              note: t('note'),
              hint: t('noteHint'),
              submit: t('close'),
              errorTitle: t('errorTitle'),
              errors: { 'too-short': t('noteTooShort'), 'too-long': t('noteTooLong'), 'wrong-state': t('stale') },
            }}
          />
        </>
      ) : null}
    </>
  );
}
