import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { exportMemberData } from '@/server/member-data/export-member-data';
import { readArrival } from '@/server/request/read-arrival';
import { ConfirmLoggedRead } from '@/components/confirm-logged-read';
import { SummaryConsultation } from './summary-consultation';
import { SummaryAccess } from './summary-access';
import { SummaryLetters } from './summary-letters';
import { SummaryLog } from './summary-log';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dataExport'))('summaryTitle') };
}

/** The member's data in words, to read and print: the same content as the JSON file, from the same export. */
export default async function DataSummaryPage() {
  const actor = await requireActor(MEMBER_KINDS);
  const data = await exportMemberData(actor, 'summary', await readArrival());
  if (!data) notFound();
  const t = await getTranslations('dataExport');
  if ('confirmRead' in data)
    return <ConfirmLoggedRead title={t('summaryTitle')} audience="member" button={t('summaryShow')} path="/member/consents/summary" />;
  const locale = await getLocale();
  const periods = data.retention;

  return (
    <>
      <p className="no-print">
        <a href="/member/consents">{t('back')}</a>
      </p>
      <h1>{t('summaryTitle')}</h1>
      <p className="lead">{t('summaryIntro', formatDateTime(new Date(data.exportedAt), locale))}</p>

      <section className="card" aria-labelledby="account-heading">
        <h2 id="account-heading">{t('accountHeading')}</h2>
        <dl className="facts">
          <dt>{t('kind')}</dt>
          <dd>{t(`kind_${data.account.kind}`)}</dd>
          <dt>{t('loginName')}</dt>
          <dd>{data.account.loginName}</dd>
          <dt>{t('displayName')}</dt>
          <dd>{data.account.displayName}</dd>
        </dl>
      </section>

      <section aria-labelledby="consultations-heading">
        <h2 id="consultations-heading">{t('consultationsHeading')}</h2>
        {data.consultations.length === 0 ? <p>{t('noConsultations')}</p> : null}
        {data.consultations.map((c) => (
          <SummaryConsultation key={c.id} consultation={c} />
        ))}
      </section>

      <SummaryLog entries={data.logEntries} />
      <SummaryAccess sessions={data.sessions} failedSignIns={data.failedSignIns} />
      <SummaryLetters letters={data.passwordLetters} />

      <section className="card" aria-labelledby="retention-heading">
        <h2 id="retention-heading">{t('retentionHeading')}</h2>
        <ul>
          <li>{t('retention_consentLogPersonalData', { count: periods.consentLogPersonalData.years })}</li>
          <li>{t('retention_consultationsAndDecisions', { count: periods.consultationsAndDecisions.years })}</li>
          <li>{t('retention_callbackPhone', { count: periods.callbackPhone.days })}</li>
          <li>{t('retention_sessions', { count: periods.sessions.days })}</li>
          <li>{t('retention_failedSignIns', { count: periods.failedSignIns.days })}</li>
          <li>{t('retention_passwordLetters', { count: periods.passwordLetters.days })}</li>
        </ul>
        <p className="muted">{t('formatNote', { format: data.format, version: data.formatVersion })}</p>
      </section>
    </>
  );
}
