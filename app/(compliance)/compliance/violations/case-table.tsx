import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import type { listViolationCases } from '@/server/compliance/violations/violation-cases';

type TCase = NonNullable<Awaited<ReturnType<typeof listViolationCases>>>['cases'][number];

/** Violation cases as a table; each row links to its case by the consultation's id. */
export async function CaseTable({ cases, labelledBy }: { cases: TCase[]; labelledBy: string }) {
  const t = await getTranslations('cases');
  const locale = await getLocale();
  return (
    <div className="table-wrap" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('detected')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('service')}</th>
            <th scope="col">{t('consultation')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => {
            const at = formatDateTime(c.detectedAt, locale);
            return (
              <tr key={c.id}>
                <td>
                  {at.date}, {at.time}
                </td>
                <td>{t(`kind_${c.kind}`)}</td>
                <td>
                  <span className={`badge badge--${c.status.toLowerCase()}`}>{t(`status_${c.status}`)}</span>
                </td>
                <td>{c.consultation.videoService.name}</td>
                <td className="hash">
                  <a href={`/compliance/violations/${c.id}`} aria-label={t('openCase', { id: c.consultationId })}>
                    {c.consultationId}
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
