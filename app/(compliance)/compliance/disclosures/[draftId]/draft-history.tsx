import { getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import type { TDisclosureDraftView } from '@/server/disclosure/get-draft';

/** Every publication request of the draft: who asked, who decided how, and why (the note). */
export async function DraftHistory({ requests, locale }: { requests: TDisclosureDraftView['requests']; locale: string }) {
  const t = await getTranslations('disclosures');
  const tr = await getTranslations('fourEyes');
  if (requests.length === 0) return null;
  const when = (at: Date) => {
    const f = formatDateTime(at, locale);
    return `${f.date}, ${f.time}`;
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">{t('historyHeading')}</h2>
      <div className="table-wrap" role="region" aria-labelledby="history-heading" tabIndex={0}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{tr('requested')}</th>
              <th scope="col">{tr('outcome')}</th>
              <th scope="col">{tr('note')}</th>
              <th scope="col">{t('hash')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>
                  {when(r.requestedAt)}
                  <br />
                  {r.requestedBy.displayName}
                </td>
                <td>
                  {r.outcome ? tr(`outcomes.${r.outcome}`) : tr('open')}
                  {r.decidedAt && r.decidedBy ? (
                    <>
                      <br />
                      {when(r.decidedAt)}
                      <br />
                      {r.decidedBy.displayName}
                    </>
                  ) : null}
                </td>
                <td>{r.note ?? '—'}</td>
                <td className="hash">{r.contentHash}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
