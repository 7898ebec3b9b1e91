import 'server-only';
import type { TDb } from '@/server/db/client';
import { standInKeyOf } from '@/shared/video/stand-in';

export type TStandInService = { name: string; operator: string; processingRegion: 'EU_EEA' | 'THIRD_COUNTRY'; thirdCountries: string[] };

/**
 * The service a stand-in page shows: only one whose join template is its own stand-in (a demo service).
 * Public, as the services' facts are on every consent page; nothing about a consultation is read.
 */
export async function standInService(prisma: TDb, serviceKey: string): Promise<TStandInService | null> {
  const service = await prisma.videoService.findUnique({
    where: { key: serviceKey },
    select: { name: true, operator: true, processingRegion: true, thirdCountries: true, joinUrlTemplate: true },
  });
  if (!service || standInKeyOf(service.joinUrlTemplate) !== serviceKey) return null;
  const { joinUrlTemplate: _template, ...shown } = service;
  return shown;
}
