import 'server-only';
import { getTranslations } from 'next-intl/server';
import { serverCapabilities } from '@/server/video-service/service-proposal-input';
import type { TServiceFormLabels } from './service-form';

/** The service form's texts in the reader's language. */
export async function serviceFormLabels(submit: string): Promise<TServiceFormLabels> {
  const t = await getTranslations('services');
  const tc = await getTranslations('common');
  return {
    key: t('fields.key'),
    keyHint: t('fields.keyHint'),
    name: t('fields.name'),
    operator: t('fields.operator'),
    processingRegion: t('fields.processingRegion'),
    regions: { EU_EEA: t('regions.EU_EEA'), THIRD_COUNTRY: t('regions.THIRD_COUNTRY') },
    thirdCountries: t('fields.thirdCountries'),
    thirdCountriesHint: t('fields.thirdCountriesHint'),
    endToEndEncrypted: t('fields.endToEndEncrypted'),
    canRecord: t('fields.canRecord'),
    yes: tc('yes'),
    no: tc('no'),
    joinUrlTemplate: t('fields.joinUrlTemplate'),
    joinUrlTemplateHint: t('fields.joinUrlTemplateHint'),
    access: t('fields.access'),
    accessHint: t('fields.accessHint'),
    accessKinds: { LINK: t('accessKinds.LINK'), JITSI_JWT: t('accessKinds.JITSI_JWT'), LIVEKIT: t('accessKinds.LIVEKIT') },
    jitsiAppId: t('fields.jitsiAppId'),
    jitsiAppIdHint: t('fields.jitsiAppIdHint'),
    submit,
    errorTitle: tc('errorSummaryTitle'),
  };
}

/** The access kinds this server can hand out, plus the one a service has now (so a change can keep it, and is told why not). */
export function offeredAccessKinds(current?: 'LINK' | 'JITSI_JWT' | 'LIVEKIT'): ('LINK' | 'JITSI_JWT' | 'LIVEKIT')[] {
  const capabilities = serverCapabilities();
  return (['LINK', 'JITSI_JWT', 'LIVEKIT'] as const).filter(
    (kind) => kind === 'LINK' || kind === current || (kind === 'JITSI_JWT' ? capabilities.jitsi : capabilities.livekit),
  );
}
