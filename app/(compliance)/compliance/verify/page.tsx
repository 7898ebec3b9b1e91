import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { verifyNewEntriesForOfficer } from '@/server/witnessing/verify-new-entries';
import { fullVerificationStatus } from '@/server/witnessing/full-verification';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { verifyAgainstWitnessesForOfficer } from '@/server/witnessing/verify-against-witnesses';
import { FullVerification } from './full-verification';
import { NewEntriesCheck } from './new-entries-check';
import { WitnessChecks } from './witness-checks';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('compliance'))('verifyTitle') };
}

/**
 * Checks the entries added since the last full recomputation when opened (docs/decisions/0072); the full
 * recomputation is one shared run that an officer starts here and everyone sees.
 */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const [newEntries, full] = await Promise.all([verifyNewEntriesForOfficer(actor), fullVerificationStatus(actor)]);
  if (!newEntries || !full) notFound();
  // Asked after the entries are verified: a head signed now covers the entries just checked.
  const witnesses = await verifyAgainstWitnessesForOfficer(await db(), actor);
  const locale = await getLocale();
  const t = await getTranslations('compliance');
  const notice = (await searchParams).full;
  return (
    <>
      <h1>{t('verifyTitle')}</h1>
      <p>{t('verifyIntro')}</p>
      <NewEntriesCheck check={newEntries} at={(date) => formatDateTime(date, locale, { seconds: true })} />
      <FullVerification
        status={full}
        notice={notice === 'started' || notice === 'running' ? notice : null}
        at={(date) => formatDateTime(date, locale)}
      />
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
