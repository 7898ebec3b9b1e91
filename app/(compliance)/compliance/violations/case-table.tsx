import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { CompactTime } from '@/components/compact-time';
import type { listViolationCases } from '@/server/compliance/violations/violation-cases';

type TCase = NonNullable<Awaited<ReturnType<typeof listViolationCases>>>['cases'][number];

/** Violation cases as a table; each row links to its case by the consultation's id. */
export async function CaseTable({ cases, labelledBy }: { cases: TCase[]; labelledBy: string }) {
  const t = await getTranslations('cases');
  const locale = await getLocale();
  const now = new Date();
  return (
    <DataTable
      labelledBy={labelledBy}
      columns={[
        { label: t('detected') },
        { label: t('kind') },
        { label: t('status') },
        { label: t('service') },
        { label: t('consultation'), className: 'hash' },
      ]}
      rows={cases.map((c) => ({
        key: c.id,
        cells: [
          <CompactTime key="at" value={c.detectedAt} locale={locale} now={now} />,
          t(`kind_${c.kind}`),
          <span key="status" className={`badge badge--${c.status.toLowerCase()}`}>
            {t(`status_${c.status}`)}
          </span>,
          c.consultation.videoService.name,
          <a key="open" href={`/compliance/violations/${c.id}`} aria-label={t('openCase', { id: c.consultationId })}>
            {c.consultationId}
          </a>,
        ],
      }))}
    />
  );
}
