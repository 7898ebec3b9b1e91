import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatWhen } from '@/components/format-time';
import type { TMemberDataExport } from '@/server/member-data/export-format';

/** The member's sign-ins: sessions and failed attempts, with the network pseudonym kept for the latter. */
export async function SummaryAccess({ sessions, failedSignIns }: Pick<TMemberDataExport, 'sessions' | 'failedSignIns'>) {
  const t = await getTranslations('dataExport');
  const locale = await getLocale();
  const when = (iso: string | null) => (iso ? formatWhen(new Date(iso), locale) : '—');
  return (
    <section className="card" aria-labelledby="access-heading">
      <h2 id="access-heading">{t('accessHeading')}</h2>
      <p>{t('accessIntro')}</p>
      <h3 id="sessions-heading">{t('sessionsHeading')}</h3>
      {sessions.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <DataTable
          labelledBy="sessions-heading"
          columns={[{ label: t('sessionStarted') }, { label: t('sessionLastActive') }, { label: t('sessionEnded') }]}
          rows={sessions.map((s, i) => ({ key: String(i), cells: [when(s.startedAt), when(s.lastActiveAt), when(s.endedAt)] }))}
        />
      )}
      <h3 id="failed-heading">{t('failedHeading')}</h3>
      {failedSignIns.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <DataTable
          labelledBy="failed-heading"
          columns={[{ label: t('failedAt') }, { label: t('networkPseudonym'), className: 'hash' }]}
          rows={failedSignIns.map((f, i) => ({ key: String(i), cells: [when(f.at), f.networkPseudonym ?? '—'] }))}
        />
      )}
    </section>
  );
}
