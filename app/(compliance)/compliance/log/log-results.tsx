import { getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import type { TExplorerPage } from '@/server/compliance/search-log';
import { eventLabelKey } from './log-filter-form';

type TProps = {
  page: TExplorerPage;
  locale: string;
  /** The search's own query, kept in every link (paging, timelines). */
  linkBase: Record<string, string>;
  pseudonym: (memberId: string) => string;
};

export async function LogResults({ page, locale, linkBase, pseudonym }: TProps) {
  const t = await getTranslations('logExplorer');
  const te = await getTranslations('events');
  const href = (extra: Record<string, string>) => `/compliance/log?${new URLSearchParams({ ...linkBase, ...extra })}#results-heading`;
  const timeline = (id: string) => `/compliance/consultations/${id}${linkBase.reason ? `?${new URLSearchParams({ reason: linkBase.reason })}` : ''}`;
  const paging = (
    <nav className="button-row" aria-label={t('paging')}>
      {page.newer !== null ? <a href={href({ after: String(page.newer) })}>{t('newer')}</a> : null}
      {page.older !== null ? <a href={href({ before: String(page.older) })}>{t('older')}</a> : null}
      {page.newer !== null ? <a href={href({})}>{t('newest')}</a> : null}
    </nav>
  );
  return (
    <section aria-labelledby="results-heading">
      <h2 id="results-heading">{t('results')}</h2>
      {page.entries.length === 0 ? (
        <p role="status">{t('noResults')}</p>
      ) : (
        <>
          <p role="status">{t('showing', { first: String(page.entries[0]!.seq), last: String(page.entries.at(-1)!.seq) })}</p>
          <div className="table-wrap" role="region" aria-labelledby="results-heading" tabIndex={0}>
            <table className="data" data-testid="log-results">
              <thead>
                <tr>
                  <th scope="col">{t('seq')}</th>
                  <th scope="col">{t('time')}</th>
                  <th scope="col">{t('event')}</th>
                  <th scope="col">{t('consultation')}</th>
                  <th scope="col">{t('advisor')}</th>
                  <th scope="col">{t('member')}</th>
                  <th scope="col">{t('service')}</th>
                </tr>
              </thead>
              <tbody>
                {page.entries.map((e) => {
                  const at = formatDateTime(e.recordedAt, locale, { seconds: true });
                  return (
                    <tr key={String(e.seq)}>
                      <td>{String(e.seq)}</td>
                      <td>
                        {at.date}, {at.time}
                      </td>
                      <td>{te(eventLabelKey(e.eventType))}</td>
                      <td className="hash">{e.consultationId ? <a href={timeline(e.consultationId)} aria-label={t('timelineOf', { id: e.consultationId })}>{e.consultationId.slice(0, 8)}…</a> : '—'}</td>
                      <td>{e.advisorName ?? '—'}</td>
                      <td>{e.memberId ? pseudonym(e.memberId) : '—'}</td>
                      <td>{e.serviceName ?? '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      {paging}
    </section>
  );
}
