import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { explorerFilterOptions } from '@/server/compliance/filter-options';
import { overviewStats } from '@/server/compliance/overview-stats';
import { listViolationCases } from '@/server/compliance/violations/violation-cases';
import { db } from '@/server/db/client';
import { latestCheckpoint } from '@/server/transparency/checkpoints';
import { signCheckpointAction } from './actions';
import { OverviewCharts } from './overview-charts';
import { CaseTable } from './violations/case-table';
import { FailedSignInsNotice } from '@/components/failed-sign-ins-notice';
import { witnessOverview } from '@/server/witnessing/witness-overview';
import { WitnessAlarms, WitnessPanel } from './witness-panel';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('compliance'))('title') };
}

export default async function ComplianceOverview({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(['COMPLIANCE']);
  const query = await searchParams;
  const prisma = await db();
  const options = await explorerFilterOptions(prisma, actor);
  if (!options) notFound();
  // Only a service the select offered; anything else shows every service, and says so.
  const requested = typeof query.service === 'string' && query.service !== '' ? query.service : undefined;
  const service = options.services.find((s) => s.id === requested);
  const [cases, stats, checkpoint, witnesses] = await Promise.all([
    listViolationCases(prisma, actor, {}, 10),
    overviewStats(prisma, actor, service ? { serviceId: service.id } : {}),
    latestCheckpoint(prisma),
    witnessOverview(prisma, actor),
  ]);
  if (!cases || !stats) notFound();
  const locale = await getLocale();
  const t = await getTranslations('compliance');
  const signedAt = checkpoint ? formatDateTime(checkpoint.createdAt, locale) : null;
  const unclosed = cases.counts.OPEN + cases.counts.INVESTIGATING;
  const rate = stats.totals.given ? Math.round((stats.totals.withRecording / stats.totals.given) * 100) : null;
  return (
    <>
      <h1>{t('title')}</h1>
      <FailedSignInsNotice actor={actor} />
      <WitnessAlarms overview={witnesses} />
      <div className="stat-row">
        <p className={`stat card ${unclosed ? 'notice--error' : ''}`} data-testid="open-cases">
          <strong>{unclosed}</strong> {t('statOpenCases', { count: unclosed })}{' '}
          <a href="/compliance/violations">{t('statOpenCasesLink')}</a>
        </p>
        <p className="stat card">
          <strong>{stats.totals.given}</strong> {t('statConsents', { count: stats.totals.given, days: stats.days.length })}
        </p>
        <p className="stat card">
          <strong>{rate === null ? '—' : `${rate} %`}</strong> {t('statRecordingRate')}
        </p>
        <p className="stat card">
          <strong>{stats.totals.denied}</strong> {t('statDenied', { count: stats.totals.denied, days: stats.days.length })}
        </p>
      </div>
      <section className="card" aria-labelledby="violations-heading">
        <h2 id="violations-heading">{t('violationsHeading')}</h2>
        {unclosed === 0 ? (
          <p>{t('violationsNone')}</p>
        ) : (
          <CaseTable cases={cases.cases.filter((c) => c.status !== 'CLOSED')} labelledBy="violations-heading" />
        )}
      </section>
      <section className="card" aria-labelledby="checkpoint-heading">
        <h2 id="checkpoint-heading">{t('checkpointHeading')}</h2>
        {query.signed === '0' ? <p role="status">{t('checkpointNothing')}</p> : null}
        {checkpoint && signedAt ? (
          <p role={query.signed === '1' ? 'status' : undefined} data-testid="checkpoint">
            {t('checkpointLatest', { size: String(checkpoint.treeSize), date: signedAt.date, time: signedAt.time })}{' '}
            <code className="hash">{checkpoint.rootHash.slice(0, 16)}…</code>
          </p>
        ) : (
          <p>{t('checkpointNone')}</p>
        )}
        <p className="hint">{t('checkpointHint')}</p>
        <form action={signCheckpointAction} className="button-row">
          <button type="submit" className="button button--secondary">
            {t('checkpointSign')}
          </button>
          <a href="/api/log/checkpoints" download>
            {t('checkpointDownload')}
          </a>
          <a href="/.well-known/consent-log-keys">{t('checkpointKeys')}</a>
          <a href="/compliance/verify">{t('verifyLink')}</a>
        </form>
      </section>
      <WitnessPanel overview={witnesses} />
      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">{t('chartsHeading', { days: stats.days.length })}</h2>
        <form method="get" action="/compliance" className="inline-filter">
          <div className="field">
            <label htmlFor="chart-service">{t('chartsService')}</label>
            <select id="chart-service" name="service" defaultValue={service?.id ?? ''}>
              <option value="">{t('chartsAllServices')}</option>
              {options.services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('chartsShow')}
          </button>
        </form>
        {requested && !service ? <p className="error-text">{t('chartsUnknownService')}</p> : null}
        <div className="chart-grid">
          <OverviewCharts stats={stats} locale={locale} />
        </div>
      </section>
    </>
  );
}
