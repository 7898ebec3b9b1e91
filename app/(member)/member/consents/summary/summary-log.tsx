import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatWhen } from '@/components/format-time';
import type { TMemberDataExport } from '@/server/member-data/export-format';

/** Events are named in words as in the compliance explorer ("consent.given" → events.consent_given). */
const eventLabelKey = (eventType: string) => eventType.replace('.', '_');

/** The log entries about the member: when, what, and where in the signed log (no one's identifiers). */
export async function SummaryLog({ entries }: { entries: TMemberDataExport['logEntries'] }) {
  const t = await getTranslations('dataExport');
  const te = await getTranslations('events');
  const locale = await getLocale();
  return (
    <section className="card" aria-labelledby="log-heading">
      <h2 id="log-heading">{t('logHeading')}</h2>
      <p>{t('logIntro')}</p>
      {entries.length === 0 ? (
        <p>{t('logNone')}</p>
      ) : (
        <DataTable
          labelledBy="log-heading"
          testId="member-log"
          columns={[{ label: t('logTime') }, { label: t('logEvent') }, { label: t('logSeq') }]}
          rows={entries.map((e) => ({
            key: e.logQueueId,
            cells: [
              formatWhen(new Date(e.recordedAt), locale, { seconds: true }),
              te.has(eventLabelKey(e.eventType)) ? te(eventLabelKey(e.eventType)) : e.eventType,
              e.seq ?? t('logPending'),
            ],
          }))}
        />
      )}
    </section>
  );
}
