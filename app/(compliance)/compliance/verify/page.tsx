import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { verifyLogForOfficer } from '@/server/transparency/verify-for-officer';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { verifyAgainstWitnessesForOfficer } from '@/server/witnessing/verify-against-witnesses';
import { WitnessChecks } from './witness-checks';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('compliance'))('verifyTitle') };
}

/** Recomputes the whole chain and every signed checkpoint when opened; names the first entry that does not fit. */
export default async function VerifyPage() {
  const actor = await requireActor(['COMPLIANCE']);
  const verified = await verifyLogForOfficer(actor);
  if (!verified) notFound();
  // Asked after the chain is verified: a head signed now covers the entries just checked.
  const witnesses = await verifyAgainstWitnessesForOfficer(await db(), actor);
  const locale = await getLocale();
  const t = await getTranslations('compliance');
  const last = verified.lastVerifiedAt ? formatDateTime(verified.lastVerifiedAt, locale, { seconds: true }) : null;
  return (
    <>
      <h1>{t('verifyTitle')}</h1>
      <p>{t('verifyIntro')}</p>
      <div className={`notice ${verified.ok ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="verify-result">
        <p>
          {verified.firstBroken
            ? t('verifyBroken', {
                seq: String(verified.firstBroken.seq),
                problem: t(`problem_${verified.firstBroken.problem}`),
                last: String(verified.lastVerifiedSeq),
              })
            : !last
              ? t('verifyEmpty')
              : verified.checkpoints.firstBad
                ? t('verifyLinkedButCheckpointBad', { count: verified.entriesChecked, date: last.date, time: last.time })
                : t('verifyOk', { count: verified.entriesChecked, date: last.date, time: last.time })}
        </p>
        {verified.firstBroken && last ? (
          <p>{t('verifyLastGood', { seq: String(verified.lastVerifiedSeq), date: last.date, time: last.time })}</p>
        ) : null}
        <p>
          {verified.checkpoints.firstBad
            ? t('verifyCheckpointBad', {
                size: String(verified.checkpoints.firstBad.treeSize),
                problem: t(`checkpointProblem_${verified.checkpoints.firstBad.problem}`),
              })
            : t('verifyCheckpoints', { count: verified.checkpoints.checked })}
        </p>
        {verified.checkpoints.notCheckedAfterBreak > 0 ? (
          <p>{t('verifyCheckpointsAfterBreak', { count: verified.checkpoints.notCheckedAfterBreak })}</p>
        ) : null}
      </div>
      <p>{t('verifyAnchors')}</p>
      <WitnessChecks verification={witnesses} />
      <p className="button-row">
        <a className="button button--secondary" href="/compliance/verify">
          {t('verifyAgain')}
        </a>
      </p>
      <p className="hint">{t('verifyCli')}</p>
    </>
  );
}
