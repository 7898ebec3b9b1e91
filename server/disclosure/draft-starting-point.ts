import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer, isRecordId } from '@/server/four-eyes/four-eyes';
import { db } from '@/server/db/client';
import { DISCLOSURE_LANGUAGES, type TDisclosureLanguage } from '@/server/disclosure/draft-input';

/**
 * What a new draft form offers: the services, and the text to start from — the version members of
 * that language are shown now, since a new version is usually a revision of it.
 */
export async function draftStartingPoint(actor: TActor, requested: { serviceId?: string; language?: string }) {
  if (!isOfficer(actor)) return null;
  const prisma = await db();
  const services = await prisma.videoService.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
  const serviceId =
    isRecordId(requested.serviceId) && services.some((s) => s.id === requested.serviceId) ? requested.serviceId : services[0]?.id;
  const language: TDisclosureLanguage = DISCLOSURE_LANGUAGES.find((l) => l === requested.language) ?? 'de';
  const current = serviceId
    ? await prisma.disclosureVersion.findFirst({
        where: { videoServiceId: serviceId, language },
        orderBy: { version: 'desc' },
        select: { title: true, body: true },
      })
    : null;
  return { services, prefill: { videoServiceId: serviceId ?? '', language, title: current?.title ?? '', body: current?.body ?? '' } };
}
