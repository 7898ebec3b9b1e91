import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { listViolationCases } from '@/server/compliance/violations/violation-cases';
import { db } from '@/server/db/client';
import { CaseTable } from './case-table';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('cases'))('title') };
}

const STATUSES = ['OPEN', 'INVESTIGATING', 'CLOSED'] as const;

export default async function ViolationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const raw = (await searchParams).status;
  const status = STATUSES.find((s) => s === raw);
  const listed = await listViolationCases(await db(), actor, status ? { status } : {});
  if (!listed) notFound();
  const t = await getTranslations('cases');
  return (
    <>
      <h1 id="cases-heading">{t('title')}</h1>
      <p>{t('intro')}</p>
      <nav aria-label={t('byStatus')}>
        <ul className="section-nav-inline">
          <li>
            <a href="/compliance/violations" aria-current={!status ? 'page' : undefined}>
              {t('all')}
            </a>
          </li>
          {STATUSES.map((s) => (
            <li key={s}>
              <a href={`/compliance/violations?status=${s}`} aria-current={status === s ? 'page' : undefined}>
                {t(`status_${s}`)} ({listed.counts[s]})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {raw !== undefined && !status ? <p className="error-text">{t('unknownStatus')}</p> : null}
      {listed.cases.length === 0 ? <p>{t('none')}</p> : <CaseTable cases={listed.cases} labelledBy="cases-heading" />}
    </>
  );
}
