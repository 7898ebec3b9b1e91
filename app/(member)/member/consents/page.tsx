import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { HISTORY_LIMIT, listConsentHistory } from '@/server/consent/consent-history';
import { db } from '@/server/db/client';
import { witnessing } from '@/server/witnessing/witness-policy';
import { LogWatchSection } from '@/components/log-watcher/log-watch-section';
import { organisation } from '@/server/legal/organisation';
import { ConsultationHistory } from './consultation-history';

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const SAVED = ['withdrawn', 'recording-withdrawn', 'nothing'] as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('history'))('title') };
}

/** "My consents": every decision over time, one-click withdrawal, the way to decide again, and the member's data. */
export default async function ConsentHistoryPage({ searchParams }: TProps) {
  const actor = await requireActor(MEMBER_KINDS);
  const query = await searchParams;
  const t = await getTranslations('history');
  const te = await getTranslations('dataExport');
  const history = await listConsentHistory(await db(), actor);

  // The confirmation after a withdrawal names the consultation, found among the member's own only.
  const saved = SAVED.find((s) => s === query.saved);
  const savedFor = saved ? history.find((c) => c.id === query.consultation) : undefined;

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {saved && savedFor ? (
        <div className={`notice ${saved === 'nothing' ? '' : 'notice--ok'}`} role="status">
          <p>{t(`saved_${saved}`, { topic: savedFor.topic })}</p>
        </div>
      ) : null}

      {history.length === 0 ? <p className="card">{t('empty')}</p> : null}
      {history.map((c) => (
        <ConsultationHistory key={c.id} consultation={c} />
      ))}
      {history.length === HISTORY_LIMIT ? <p>{t('limited', { count: HISTORY_LIMIT })}</p> : null}

      <section className="card" aria-labelledby="data-heading">
        <h2 id="data-heading">{te('heading')}</h2>
        <p>{te('intro')}</p>
        <p>
          <a href="/member/consents/summary">{te('summaryLink')}</a>
        </p>
        {/* A POST: handing out the data is logged, and a link could be prefetched or followed by a scanner. */}
        <form method="post" action="/api/member/data-export">
          <button type="submit" className="button button--secondary" aria-describedby="download-hint">
            {te('download')}
          </button>
          <span className="hint" id="download-hint">
            {te('downloadHint')}
          </span>
        </form>
      </section>
      <LogWatchSection dpoEmail={organisation().dpoEmail} witnessed={(witnessing()?.witnesses.length ?? 0) > 0} />
    </>
  );
}
