import { getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { CompactTime } from '@/components/compact-time';
import type { TExplorerEntry, TExplorerPage } from '@/server/compliance/search-log';
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
  const timeline = (id: string) => `/compliance/consultations/${id}`;
  const now = new Date();
  const actorLabel = (actor: TExplorerEntry['actor']): string => {
    if (actor === null) return '—';
    if (actor.kind === 'system') return t('actorSystem');
    if (actor.kind === 'member') return t('actorMember', { pseudonym: pseudonym(actor.id) });
    const role = `actorRole_${actor.role}`;
    return t('actorStaff', { name: actor.name, role: t.has(role) ? t(role) : actor.role });
  };
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
          <DataTable
            labelledBy="results-heading"
            testId="log-results"
            columns={[
              { label: t('seq') },
              { label: t('time') },
              { label: t('event') },
              { label: t('actor') },
              { label: t('consultation'), className: 'hash' },
              { label: t('advisor') },
              { label: t('member') },
              { label: t('service') },
              { label: t('letterColumn') },
            ]}
            rows={page.entries.map((e) => ({
              key: String(e.seq),
              cells: [
                String(e.seq),
                <CompactTime key="at" value={e.recordedAt} locale={locale} now={now} seconds />,
                te(eventLabelKey(e.eventType)),
                actorLabel(e.actor),
                e.consultationId ? (
                  <a key="timeline" href={timeline(e.consultationId)} aria-label={t('timelineOf', { id: e.consultationId })}>
                    {e.consultationId.slice(0, 8)}…
                  </a>
                ) : (
                  '—'
                ),
                e.advisorName ?? '—',
                e.memberId ? pseudonym(e.memberId) : '—',
                e.serviceName ?? '—',
                e.afterPasswordLetter ? <strong key="letter">{t(`letterMark_${e.afterPasswordLetter}`)}</strong> : '—',
              ],
            }))}
          />
        </>
      )}
      {paging}
    </section>
  );
}
