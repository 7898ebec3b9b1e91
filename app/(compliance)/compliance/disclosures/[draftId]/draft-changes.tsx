import { getLocale, getTranslations } from 'next-intl/server';
import { DiffRows } from '@/components/disclosure-diff';
import { formatDateTime } from '@/components/format-time';
import type { TDisclosureDraftView } from '@/server/disclosure/get-draft';

/**
 * What a draft changes in the version in force, word by word (as members are shown after a new version):
 * read before the whole text and before deciding on it (four eyes).
 */
export async function DraftChanges({ draft }: { draft: TDisclosureDraftView }) {
  const t = await getTranslations('disclosures');
  const locale = await getLocale();
  const { current, changes } = draft;
  if (draft.state === 'published') return null;
  if (!current) {
    return (
      <section className="card" aria-labelledby="changes-heading" data-testid="draft-changes">
        <h2 id="changes-heading">{t('changesHeadingFirst')}</h2>
        <p>{t('changesFirst')}</p>
      </section>
    );
  }
  if (!changes) return null;
  return (
    <section className="card" aria-labelledby="changes-heading" data-testid="draft-changes">
      <h2 id="changes-heading">{t('changesHeading', { version: current.version })}</h2>
      <p>{t('changesIntro', { version: current.version, date: formatDateTime(current.publishedAt, locale).date })}</p>
      <DiffRows rows={changes} language={draft.language} />
    </section>
  );
}
