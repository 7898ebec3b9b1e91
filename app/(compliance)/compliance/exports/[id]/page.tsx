import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { exportManifest } from '@/server/compliance/export/export-manifest';
import { filterInWords } from './filter-in-words';
import { getLogExport } from '@/server/compliance/export/officer-exports';
import { db } from '@/server/db/client';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('exports'))('detailTitle') };
}

export default async function ExportPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const prisma = await db();
  const exp = await getLogExport(prisma, actor, (await params).id);
  if (!exp) notFound();
  const manifest = await exportManifest(prisma, exp);
  const t = await getTranslations('exports');
  const locale = await getLocale();
  const created = formatDateTime(exp.createdAt, locale);
  const filter = await filterInWords(prisma, actor, exp.filter, locale);
  return (
    <>
      <p>
        <a href="/compliance/exports">{t('back')}</a>
      </p>
      <h1>{t('detailTitle')}</h1>
      <dl className="facts card">
        <dt>{t('created')}</dt>
        <dd>
          {created.date}, {created.time}
        </dd>
        <dt>{t('format')}</dt>
        <dd>{exp.format === 'CSV' ? 'CSV' : 'JSON Lines'}</dd>
        <dt>{t('filter')}</dt>
        <dd data-testid="export-filter">
          {filter.length ? (
            <ul className="plain-list">
              {filter.map(({ label, value }) => (
                <li key={label}>
                  {label}: {value}
                </li>
              ))}
            </ul>
          ) : (
            t('filterNone')
          )}
        </dd>
        <dt>{t('reason')}</dt>
        <dd>{exp.reason ?? '—'}</dd>
        <dt>{t('covers')}</dt>
        <dd>
          {manifest?.coveredBy.checkpoint
            ? t('coversSigned', { size: String(exp.treeSize) })
            : t('coversSize', { size: String(exp.treeSize) })}
        </dd>
        <dt>{t('rows')}</dt>
        <dd data-testid="export-rows">{exp.rowCount === null ? t('producing') : String(exp.rowCount)}</dd>
        <dt>{t('sha256')}</dt>
        <dd className="hash" data-testid="export-sha256">
          {exp.sha256 ?? t('producing')}
        </dd>
      </dl>
      {manifest ? null : (
        <p className="notice notice--warn" role="status">
          {t('producingHint')} <a href={`/compliance/exports/${exp.id}`}>{t('reload')}</a>
        </p>
      )}
      <div className="button-row">
        <a className="button" href={`/api/compliance/exports/${exp.id}/file`} download>
          {t('downloadFile')}
        </a>
        {manifest ? (
          <a className="button button--secondary" href={`/api/compliance/exports/${exp.id}/manifest`} download>
            {t('downloadManifest')}
          </a>
        ) : null}
      </div>
      <h2>{t('howToVerify')}</h2>
      <ol>
        <li>{t('verifyStep1')}</li>
        <li>{t('verifyStep2')}</li>
        <li>{t('verifyStep3')}</li>
      </ol>
    </>
  );
}
