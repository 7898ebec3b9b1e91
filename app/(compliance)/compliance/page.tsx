import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { listRecentLogEntries } from '@/server/audit-log/recent-entries';
import { verifyLogForOfficer } from '@/server/audit-log/verify-for-officer';
import { requireActor } from '@/server/auth/current-actor';
import { listViolations } from '@/server/call/violations';
import { latestCheckpoint } from '@/server/transparency/checkpoints';
import { signCheckpointAction } from './actions';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { db } from '@/server/db/client';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('compliance'))('title') };
}

export default async function ComplianceHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const raw = (await searchParams).consultation;
  // An empty filter field means no filter; anything else must be a consultation id.
  const requested = raw === '' ? undefined : raw;
  const filter = ZConsultationId.safeParse(requested);
  const consultationId = filter.success ? filter.data : undefined;
  const locale = await getLocale();
  const t = await getTranslations('compliance');
  const query = await searchParams;
  const [verified, recent, violations, checkpoint] = await Promise.all([
    verifyLogForOfficer(actor),
    listRecentLogEntries(await db(), actor, { consultationId }),
    listViolations(await db(), actor),
    latestCheckpoint(await db()),
  ]);
  const signedAt = checkpoint ? formatDateTime(checkpoint.createdAt, locale) : null;
  if (!verified) notFound();
  const last = verified.lastVerifiedAt ? formatDateTime(verified.lastVerifiedAt, locale) : null;
  return (
    <>
      <h1>{t('title')}</h1>
      <div className={`notice ${verified.ok ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="verify-result">
        <p>
          {verified.firstBroken
            ? t('verifyBroken', { seq: String(verified.firstBroken.seq), problem: verified.firstBroken.problem, last: String(verified.lastVerifiedSeq) })
            : last
              ? t('verifyOk', { count: verified.entriesChecked, date: last.date, time: last.time })
              : t('verifyEmpty')}
        </p>
        <p>
          {verified.checkpoints.firstBad
            ? t('verifyCheckpointBad', { size: String(verified.checkpoints.firstBad.treeSize), problem: verified.checkpoints.firstBad.problem })
            : t('verifyCheckpoints', { count: verified.checkpoints.checked })}
        </p>
      </div>
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
        </form>
      </section>
      <section className="card" aria-labelledby="violations-heading">
        <h2 id="violations-heading">{t('violationsHeading')}</h2>
        {violations.length === 0 ? (
          <p>{t('violationsNone')}</p>
        ) : (
          <>
            <p className="notice notice--error">{t('violationsCount', { count: violations.length })}</p>
            <div className="table-wrap" role="region" aria-labelledby="violations-heading" tabIndex={0}>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{t('violationWhen')}</th>
                    <th scope="col">{t('violationWhat')}</th>
                    <th scope="col">{t('violationConsultation')}</th>
                  </tr>
                </thead>
                <tbody>
                  {violations.map((v) => {
                    const at = formatDateTime(v.detectedAt, locale);
                    return (
                      <tr key={v.id}>
                        <td>
                          {at.date}, {at.time}
                        </td>
                        <td>{t(`violationKind_${v.kind}`)}</td>
                        <td className="hash">
                          <a href={`/compliance?consultation=${v.consultationId}`}>{v.consultationId}</a>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <form method="get" className="card">
        <div className="field">
          <label htmlFor="consultation">{t('filterLabel')}</label>
          {requested !== undefined && !consultationId ? (
            <span className="error-text" id="consultation-error">
              {t('filterInvalid')}
            </span>
          ) : null}
          <input
            id="consultation"
            name="consultation"
            type="text"
            defaultValue={consultationId ?? ''}
            maxLength={36}
            spellCheck={false}
            aria-invalid={requested !== undefined && !consultationId ? true : undefined}
            aria-describedby={requested !== undefined && !consultationId ? 'consultation-error' : undefined}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t('filterSubmit')}
          </button>
          {consultationId ? <a href="/compliance">{t('filterClear')}</a> : null}
        </div>
      </form>
      <h2 id="table-caption">{consultationId ? t('filterShowing', { id: consultationId }) : t('recent')}</h2>
      {recent.length === 0 ? <p>{t('noEntries')}</p> : null}
      <div className="table-wrap" role="region" aria-labelledby="table-caption" tabIndex={0}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('seq')}</th>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('event')}</th>
              <th scope="col">{t('call')}</th>
              <th scope="col">{t('leaf')}</th>
            </tr>
          </thead>
          <tbody>
            {recent.map((e) => {
              const at = formatDateTime(e.recordedAt, locale);
              return (
                <tr key={String(e.queueId)}>
                  <td>{e.seq === null ? t('pending') : String(e.seq)}</td>
                  <td>
                    {at.date}, {at.time}
                  </td>
                  <td>
                    <code>{e.eventType}</code>
                  </td>
                  <td className="hash">{e.consultationId ? <a href={`/compliance?consultation=${e.consultationId}`}>{e.consultationId}</a> : '—'}</td>
                  <td className="hash">{e.leafHash ? `${e.leafHash.slice(0, 16)}…` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
