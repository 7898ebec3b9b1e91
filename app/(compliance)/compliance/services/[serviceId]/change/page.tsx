import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { getServiceForOfficer } from '@/server/video-service/service-overview';
import { proposeServiceAction } from '../../actions';
import { ServiceForm } from '../../service-form';
import { offeredAccessKinds, serviceFormLabels } from '../../service-labels';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('services'))('changeTitle') };
}

export default async function ChangeServicePage({ params }: { params: Promise<{ serviceId: string }> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const service = await getServiceForOfficer(actor, (await params).serviceId);
  if (!service) notFound();
  const t = await getTranslations('services');
  return (
    <>
      <p>
        <a href="/compliance/services">{t('back')}</a>
      </p>
      <h1>{t('changeHeading', { name: service.name })}</h1>
      <p className="lead">{t('changeIntro')}</p>
      <ServiceForm
        action={proposeServiceAction}
        labels={await serviceFormLabels(t('propose'))}
        serviceId={service.id}
        accessKinds={offeredAccessKinds(service.access)}
        initial={{
          key: service.key,
          name: service.name,
          operator: service.operator,
          processingRegion: service.processingRegion,
          thirdCountries: service.thirdCountries.join(', '),
          endToEndEncrypted: service.endToEndEncrypted ? 'yes' : 'no',
          canRecord: service.canRecord ? 'yes' : 'no',
          joinUrlTemplate: service.joinUrlTemplate,
          access: service.access,
          jitsiAppId: service.jitsiAppId ?? '',
        }}
      />
    </>
  );
}
