import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { DISCLOSURE_LANGUAGES } from '@/server/disclosure/draft-input';
import { draftStartingPoint } from '@/server/disclosure/draft-starting-point';
import { createDraftAction } from '../actions';
import { DraftForm } from '../draft-form';
import { draftFormTexts } from '../draft-labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosures'))('newTitle') };
}

type TProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewDraftPage({ searchParams }: TProps) {
  const actor = await requireActor(['COMPLIANCE']);
  const query = await searchParams;
  const start = await draftStartingPoint(actor, { serviceId: String(query.service ?? ''), language: String(query.language ?? '') });
  if (!start) notFound();
  const t = await getTranslations('disclosures');
  const texts = await draftFormTexts(t('create'));
  return (
    <>
      <p>
        <a href="/compliance/disclosures">{t('back')}</a>
      </p>
      <h1>{t('newTitle')}</h1>
      <p className="lead">{t('newIntro')}</p>
      <DraftForm
        action={createDraftAction}
        labels={texts.labels}
        limits={texts.limits}
        choices={{ services: start.services, languages: DISCLOSURE_LANGUAGES.map((value) => ({ value, label: t(`languages.${value}`) })) }}
        initial={start.prefill}
      />
    </>
  );
}
