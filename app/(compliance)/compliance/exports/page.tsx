import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
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
        <DataTable
          labelledBy="exports-heading"
          columns={[{ label: t('created') }, { label: t('format') }, { label: t('rows') }, { label: t('covers') }, { label: t('details') }]}
          rows={exports.map((e) => {
            const at = formatDateTime(e.createdAt, locale);
            return {
              key: e.id,
              cells: [
                `${at.date}, ${at.time}`,
                e.format === 'CSV' ? 'CSV' : 'JSON Lines',
                e.rowCount === null ? t('producing') : String(e.rowCount),
                t('coversSize', { size: String(e.treeSize) }),
                <a key="open" href={`/compliance/exports/${e.id}`} aria-label={t('openExport', { date: at.date, time: at.time })}>
                  {t('open')}
                </a>,
              ],
            };
          })}
        />
      )}
    </>
  );
}
