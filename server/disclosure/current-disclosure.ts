import 'server-only';
import type { TDb, TTx } from '@/server/db/client';

export const DISCLOSURE_SELECT = {
  id: true,
  videoServiceId: true,
  language: true,
  version: true,
  title: true,
  body: true,
  contentHash: true,
  publishedAt: true,
} as const;

export type TDisclosure = { id: string; videoServiceId: string; language: string; version: number; title: string; body: string; contentHash: string; publishedAt: Date };

/** The newest published disclosure of a video service in a language, falling back to German. */
export async function currentDisclosure(prisma: TDb | TTx, videoServiceId: string, language: string): Promise<TDisclosure | null> {
  for (const lang of language === 'de' ? ['de'] : [language, 'de']) {
    const found = await prisma.disclosureVersion.findFirst({
      where: { videoServiceId, language: lang },
      orderBy: { version: 'desc' },
      select: DISCLOSURE_SELECT,
    });
    if (found) return found;
  }
  return null;
}
