import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
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
      <div className="table-wrap" role="region" aria-labelledby="versions-caption" tabIndex={0}>
        <table className="data">
          <caption id="versions-caption">{t('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('service')}</th>
              <th scope="col">{t('language')}</th>
              <th scope="col">{t('current')}</th>
              <th scope="col">{t('hash')}</th>
              <th scope="col">{t('drafts')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const published = row.current ? formatDateTime(row.current.publishedAt, locale) : null;
              return (
                <tr key={`${row.service.id}-${row.language}`}>
                  <th scope="row">
                    {row.service.name}
                    <br />
                    <code className="muted">{row.service.key}</code>
                  </th>
                  <td>{t(`languages.${row.language}`)}</td>
                  <td>
                    {row.current && published ? (
                      <>
                        {t('versionNumber', { version: row.current.version })}
                        <br />
                        <span className="muted">
                          {published.date}, {published.time}
                        </span>
                      </>
                    ) : (
                      t('noVersion')
                    )}
                  </td>
                  <td className="hash">{row.current?.contentHash ?? '—'}</td>
                  <td>
                    {row.drafts.length ? (
                      <ul className="plain-list">
                        {row.drafts.map((draft) => (
                          <li key={draft.id}>
                            <a href={`/compliance/disclosures/${draft.id}`}>{draft.title}</a> <DraftStateBadge state={draft.state} />
                            <br />
                            <span className="muted">{t('draftBy', { name: draft.authorName, ...formatDateTime(draft.updatedAt, locale) })}</span>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    <a href={`/compliance/disclosures/new?service=${row.service.id}&language=${row.language}`}>
                      {t('newDraftFor', { service: row.service.name, language: t(`languages.${row.language}`) })}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
