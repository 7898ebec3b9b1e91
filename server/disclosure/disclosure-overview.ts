import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { isOfficer } from '@/server/four-eyes/four-eyes';
import { db } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { DISCLOSURE_LANGUAGES, type TDisclosureLanguage } from '@/server/disclosure/draft-input';
import { type TDraftState, draftState } from '@/server/disclosure/draft-state';

const DRAFT_SELECT = {
  id: true,
  videoServiceId: true,
  language: true,
  title: true,
  updatedAt: true,
  author: { select: { displayName: true } },
  requests: { orderBy: { requestedAt: 'desc' }, take: 1, select: { outcome: true, requestedAt: true } },
} as const satisfies Prisma.DisclosureDraftSelect;

export type TDraftListing = { id: string; title: string; updatedAt: Date; authorName: string; state: TDraftState };

export type TDisclosureOverviewRow = {
  service: { id: string; key: string; name: string };
  language: TDisclosureLanguage;
  current: { version: number; contentHash: string; publishedAt: Date } | null;
  /** Drafts not yet published, newest first. */
  drafts: TDraftListing[];
};

/**
 * Every service in every language: the version members are shown now (its hash is what consents bind
 * to) and the drafts in progress. For compliance officers only.
 */
export async function listDisclosureOverview(actor: TActor): Promise<TDisclosureOverviewRow[] | null> {
  if (!isOfficer(actor)) return null;
  const prisma = await db();
  const [services, versions, drafts] = await Promise.all([
    prisma.videoService.findMany({ orderBy: { name: 'asc' }, select: { id: true, key: true, name: true } }),
    prisma.disclosureVersion.findMany({
      distinct: ['videoServiceId', 'language'],
      orderBy: [{ videoServiceId: 'asc' }, { language: 'asc' }, { version: 'desc' }],
      select: { videoServiceId: true, language: true, version: true, contentHash: true, publishedAt: true },
    }),
    prisma.disclosureDraft.findMany({
      // Published drafts live on as versions; the overview lists work in progress.
      where: { requests: { none: { outcome: 'APPROVED' } } },
      orderBy: { updatedAt: 'desc' },
      select: DRAFT_SELECT,
    }),
  ]);
  return services.flatMap((service) =>
    DISCLOSURE_LANGUAGES.map((language) => {
      const current = versions.find((v) => v.videoServiceId === service.id && v.language === language);
      return {
        service,
        language,
        current: current ? { version: current.version, contentHash: current.contentHash, publishedAt: current.publishedAt } : null,
        drafts: drafts
          .filter((d) => d.videoServiceId === service.id && d.language === language)
          .map((d) => ({
            id: d.id,
            title: d.title,
            updatedAt: d.updatedAt,
            authorName: d.author.displayName,
            state: draftState(d.requests[0]),
          })),
      };
    }),
  );
}
