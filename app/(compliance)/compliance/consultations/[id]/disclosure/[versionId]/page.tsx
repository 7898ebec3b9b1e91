import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { DisclosureText } from '@/components/disclosure-text';
import { requireActor } from '@/server/auth/current-actor';
import { disclosureShownInConsultation } from '@/server/compliance/consultation-timeline';
import { db } from '@/server/db/client';
import { disclosureHash } from '@/server/disclosure/canonical-text';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('timeline'))('disclosureTitle') };
}

/** The disclosure text exactly as the member was shown it, with its hash recomputed from the text. */
export default async function DisclosureAsShownPage({ params }: { params: Promise<{ id: string; versionId: string }> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const { id, versionId } = await params;
  const version = await disclosureShownInConsultation(await db(), actor, id, versionId);
  if (!version) notFound();
  const t = await getTranslations('timeline');
  const locale = await getLocale();
  const published = formatDateTime(version.publishedAt, locale);
  const recomputed = disclosureHash(version);
  return (
    <>
      <p>
        <a href={`/compliance/consultations/${id}`}>{t('back')}</a>
      </p>
      <h1>{t('disclosureTitle')}</h1>
      <p>
        {t('disclosureMeta', {
          service: version.videoService.name,
          version: version.version,
          language: version.language,
          date: published.date,
        })}
      </p>
      <p className={`notice ${recomputed === version.contentHash ? 'notice--ok' : 'notice--error'}`} data-testid="disclosure-hash">
        {recomputed === version.contentHash ? t('hashOk') : t('hashBad')} <code className="hash">{version.contentHash}</code>
      </p>
      <article className="card disclosure" lang={version.language} aria-labelledby="disclosure-title">
        <h2 id="disclosure-title">{version.title}</h2>
        <DisclosureText body={version.body} />
      </article>
    </>
  );
}
