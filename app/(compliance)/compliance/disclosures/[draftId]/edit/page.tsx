import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { getDisclosureDraft } from '@/server/disclosure/get-draft';
import { updateDraftAction } from '../../actions';
import { DraftForm } from '../../draft-form';
import { draftFormTexts } from '../../draft-labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosures'))('editTitle') };
}

export default async function EditDraftPage({ params }: { params: Promise<{ draftId: string }> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const { draftId } = await params;
  const draft = await getDisclosureDraft(actor, draftId);
  if (!draft) notFound();
  // Someone else's draft, or one whose publication is requested or done: its page says why.
  if (!draft.mayEdit) redirect(`/compliance/disclosures/${draft.id}`);
  const t = await getTranslations('disclosures');
  const texts = await draftFormTexts(t('save'));
  return (
    <>
      <p>
        <a href={`/compliance/disclosures/${draft.id}`}>{t('backToDraft')}</a>
      </p>
      <h1>{t('editTitle')}</h1>
      <p className="lead">
        {t('editIntro', { service: draft.videoService.name, language: t(`languages.${draft.language as 'de' | 'en'}`) })}
      </p>
      <DraftForm
        action={updateDraftAction}
        labels={texts.labels}
        limits={texts.limits}
        draftId={draft.id}
        initial={{ title: draft.title, body: draft.body }}
      />
    </>
  );
}
