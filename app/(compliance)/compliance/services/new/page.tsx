import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { proposeServiceAction } from '../actions';
import { ServiceForm } from '../service-form';
import { offeredAccessKinds, serviceFormLabels } from '../service-labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('services'))('newTitle') };
}

export default async function NewServicePage() {
  await requireActor(['COMPLIANCE']);
  const t = await getTranslations('services');
  return (
    <>
      <p>
        <a href="/compliance/services">{t('back')}</a>
      </p>
      <h1>{t('newTitle')}</h1>
      <p className="lead">{t('newIntro')}</p>
      <ServiceForm
        action={proposeServiceAction}
        labels={await serviceFormLabels(t('propose'))}
        accessKinds={offeredAccessKinds()}
        // No answer given in advance to what members are told (where data goes, encryption, recording): the
        // proposer chooses each, so a reassuring default cannot reach members unread.
        initial={{ access: 'LINK' }}
      />
    </>
  );
}
