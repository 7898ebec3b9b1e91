import { getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatWhen } from '@/components/format-time';
import type { TDisclosureDraftView } from '@/server/disclosure/get-draft';

/** Every publication request of the draft: who asked, who decided how, and why (the note). */
export async function DraftHistory({ requests, locale }: { requests: TDisclosureDraftView['requests']; locale: string }) {
  const t = await getTranslations('disclosures');
  const tr = await getTranslations('fourEyes');
  if (requests.length === 0) return null;
  const when = (at: Date) => formatWhen(at, locale);
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      <DataTable
        labelledBy="history-heading"
        columns={[{ label: tr('requested') }, { label: tr('outcome') }, { label: tr('note') }, { label: t('hash'), className: 'hash' }]}
        rows={requests.map((r) => ({
          key: r.id,
          cells: [
            <>
              {when(r.requestedAt)}
              <br />
              {r.requestedBy.displayName}
            </>,
            <>
              {r.outcome ? tr(`outcomes.${r.outcome}`) : tr('open')}
              {r.decidedAt && r.decidedBy ? (
                <>
                  <br />
                  {when(r.decidedAt)}
                  <br />
                  {r.decidedBy.displayName}
                </>
              ) : null}
            </>,
            r.note ?? '—',
            r.contentHash,
          ],
        }))}
      />
    </section>
  );
}
