import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { listLogExports } from '@/server/compliance/export/officer-exports';
import { db } from '@/server/db/client';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('exports'))('title') };
}

export default async function ExportsPage() {
  const actor = await requireActor(['COMPLIANCE']);
  const exports = await listLogExports(await db(), actor);
  if (!exports) notFound();
  const t = await getTranslations('exports');
  const locale = await getLocale();
  return (
    <>
      <h1 id="exports-heading">{t('title')}</h1>
      <p>
        {t('intro')} <a href="/compliance/log">{t('toExplorer')}</a>
      </p>
      {exports.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="exports-heading" tabIndex={0}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('format')}</th>
                <th scope="col">{t('rows')}</th>
                <th scope="col">{t('covers')}</th>
                <th scope="col">{t('details')}</th>
              </tr>
            </thead>
            <tbody>
              {exports.map((e) => {
                const at = formatDateTime(e.createdAt, locale);
                return (
                  <tr key={e.id}>
                    <td>
                      {at.date}, {at.time}
                    </td>
                    <td>{e.format === 'CSV' ? 'CSV' : 'JSON Lines'}</td>
                    <td>{e.rowCount === null ? t('producing') : String(e.rowCount)}</td>
                    <td>{t('coversSize', { size: String(e.treeSize) })}</td>
                    <td>
                      <a href={`/compliance/exports/${e.id}`} aria-label={t('openExport', { date: at.date, time: at.time })}>
                        {t('open')}
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
