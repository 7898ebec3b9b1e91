import 'server-only';
import type { TDb, TTx } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';

export type TDisclosure = {
  id: string;
  videoServiceId: string;
  language: string;
  version: number;
  title: string;
  body: string;
  contentHash: string;
  publishedAt: Date;
};

/**
 * Which disclosure of a service a reader of `language` is shown, as SQL over `disclosure_version`
 * (aliased `alias`): their language, else German; the newest version first. One rule for every query
 * that picks it, each taking the first row.
 */
export function currentDisclosureRule(alias: string, videoServiceId: Prisma.Sql, language: string): Prisma.Sql {
  const languages = language === 'de' ? ['de'] : [language, 'de'];
  const d = Prisma.raw(alias);
  return Prisma.sql`${d}.video_service_id = ${videoServiceId} AND ${d}.language = ANY(${languages}::text[])
    ORDER BY (${d}.language = ${language}) DESC, ${d}.version DESC`;
}

/** The newest published disclosure of a video service in a language, falling back to German. */
export async function currentDisclosure(prisma: TDb | TTx, videoServiceId: string, language: string): Promise<TDisclosure | null> {
  const [found] = await prisma.$queryRaw<TDisclosure[]>`
    SELECT d.id, d.video_service_id AS "videoServiceId", d.language, d.version, d.title, d.body, d.content_hash AS "contentHash",
      d.published_at AS "publishedAt"
    FROM disclosure_version d
    WHERE ${currentDisclosureRule('d', Prisma.sql`${videoServiceId}::uuid`, language)}
    LIMIT 1`;
  return found ?? null;
}
