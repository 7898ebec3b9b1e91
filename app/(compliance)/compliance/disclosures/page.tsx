import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { listDisclosureOverview } from '@/server/disclosure/disclosure-overview';
import { DraftStateBadge } from './draft-state-badge';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosures'))('title') };
}

export default async function DisclosuresPage() {
  const actor = await requireActor(['COMPLIANCE']);
  const rows = await listDisclosureOverview(actor);
  if (!rows) notFound();
  const locale = await getLocale();
  const t = await getTranslations('disclosures');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <p>
        <a className="button" href="/compliance/disclosures/new">
          {t('newDraft')}
        </a>
      </p>
      <DataTable
        labelledBy="versions-caption"
        caption={t('tableCaption')}
        rowHeaders
        columns={[
          { label: t('service') },
          { label: t('language') },
          { label: t('current') },
          { label: t('hash'), className: 'hash' },
          { label: t('drafts') },
        ]}
        rows={rows.map((row) => {
          const published = row.current ? formatDateTime(row.current.publishedAt, locale) : null;
          return {
            key: `${row.service.id}-${row.language}`,
            cells: [
              <>
                {row.service.name}
                <br />
                <code className="muted">{row.service.key}</code>
              </>,
              t(`languages.${row.language}`),
              row.current && published ? (
                <>
                  {t('versionNumber', { version: row.current.version })}
                  <br />
                  <span className="muted">
                    {published.date}, {published.time}
                  </span>
                </>
              ) : (
                t('noVersion')
              ),
              row.current?.contentHash ?? '—',
              <>
                {row.drafts.length ? (
                  <ul className="plain-list">
                    {row.drafts.map((draft) => (
                      <li key={draft.id}>
                        <a href={`/compliance/disclosures/${draft.id}`}>{draft.title}</a> <DraftStateBadge state={draft.state} />
                        <br />
                        <span className="muted">
                          {t('draftBy', { name: draft.authorName, ...formatDateTime(draft.updatedAt, locale) })}
                        </span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <a href={`/compliance/disclosures/new?service=${row.service.id}&language=${row.language}`}>
                  {t('newDraftFor', { service: row.service.name, language: t(`languages.${row.language}`) })}
                </a>
              </>,
            ],
          };
        })}
      />
    </>
  );
}
