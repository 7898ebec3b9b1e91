import { getTranslations } from 'next-intl/server';
import { DisclosureText } from '@/components/disclosure-text';
import { formatDateTime } from '@/components/format-time';

export type TDisclosureForCard = { language: string; title: string; body: string; version: number; contentHash: string };

/**
 * A disclosure as members read it before deciding: title, text, version and the hash their consent
 * binds to. `publishedAt` null renders a draft in the compliance preview, otherwise identical.
 */
export async function DisclosureCard({
  disclosure,
  publishedAt,
  locale,
}: {
  disclosure: TDisclosureForCard;
  publishedAt: Date | null;
  locale: string;
}) {
  const t = await getTranslations({ locale, namespace: 'consultation' });
  const td = await getTranslations({ locale, namespace: 'disclosures' });
  return (
    <section className="card" aria-labelledby="disclosure-heading">
      <h2 id="disclosure-heading">{t('disclosureHeading')}</h2>
      <article className="disclosure" lang={disclosure.language}>
        <h3>{disclosure.title}</h3>
        <DisclosureText body={disclosure.body} />
      </article>
      <p className="muted spaced">
        {publishedAt
          ? t('disclosureVersion', { version: disclosure.version, date: formatDateTime(publishedAt, locale).date })
          : td('previewVersion', { version: disclosure.version })}
        <br />
        {t('disclosureHash')}:{' '}
        <span className="hash" data-testid="disclosure-hash">
          {disclosure.contentHash}
        </span>
      </p>
    </section>
  );
}
