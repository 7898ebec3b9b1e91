import { getTranslations } from 'next-intl/server';
import { formatDay } from '@/components/format-time';
import type { TActor } from '@/server/auth/current-actor';
import { memberPseudonym } from '@/server/compliance/member-pseudonym';
import { explorerFilterOptions } from '@/server/compliance/filter-options';
import { ZLogFilter } from '@/server/compliance/log-filter';
import type { TDb } from '@/server/db/client';
import { eventLabelKey } from '../../log/log-filter-form';

/**
 * An export's filter as an officer reads it, in the explorer's own words: "Videodienst: Vidario", never a
 * stored id or value. A person stays a pseudonym; a consultation is named by its id, as in the explorer.
 */
export async function filterInWords(
  prisma: TDb,
  actor: TActor,
  stored: unknown,
  locale: string,
): Promise<{ label: string; value: string }[]> {
  const parsed = ZLogFilter.safeParse(stored);
  if (!parsed.success) return [];
  const filter = parsed.data;
  const t = await getTranslations('logExplorer');
  const te = await getTranslations('events');
  const options = await explorerFilterOptions(prisma, actor);
  const day = (value: string) => formatDay(new Date(`${value}T12:00:00Z`), locale);
  const words: { label: string; value: string }[] = [];
  if (filter.from) words.push({ label: t('from'), value: day(filter.from) });
  if (filter.to) words.push({ label: t('to'), value: day(filter.to) });
  if (filter.consultation) words.push({ label: t('consultation'), value: filter.consultation });
  if (filter.advisor) {
    const advisor = options?.advisors.find((a) => a.id === filter.advisor);
    words.push({ label: t('advisor'), value: advisor?.displayName ?? t('unknownChoice') });
  }
  if (filter.member) words.push({ label: t('member'), value: memberPseudonym(filter.member) });
  if (filter.service) {
    const service = options?.services.find((s) => s.id === filter.service);
    words.push({ label: t('service'), value: service?.name ?? t('unknownChoice') });
  }
  if (filter.event) words.push({ label: t('event'), value: te(eventLabelKey(filter.event)) });
  if (filter.status) words.push({ label: t('status'), value: t(`status_${filter.status}`) });
  if (filter.afterPasswordLetter) words.push({ label: t('afterPasswordLetter'), value: t(`letter_${filter.afterPasswordLetter}`) });
  return words;
}
