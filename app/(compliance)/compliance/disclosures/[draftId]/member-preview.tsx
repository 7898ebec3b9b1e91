import { getTranslations } from 'next-intl/server';
import { DisclosureCard } from '@/components/disclosure-card';
import { ServiceFactsCard } from '@/components/service-facts-card';
import { consentStatements } from '@/server/consent-rules/consent-terms';
import { disclosureHash } from '@/server/disclosure/canonical-text';
import type { TDisclosureDraftView } from '@/server/disclosure/get-draft';

/**
 * The draft exactly as a member reading in its language will see it: the same components as the
 * member's consent page (service facts, disclosure, version and hash), and the sentences they will be
 * asked to tick.
 */
export async function MemberPreview({
  draft,
  version,
  publishedAt,
}: {
  draft: TDisclosureDraftView;
  version: number;
  publishedAt: Date | null;
}) {
  const t = await getTranslations('disclosures');
  const tcon = await getTranslations({ locale: draft.language, namespace: 'consent' });
  const statements = consentStatements(draft.language, draft.videoService, 'MEMBER');
  return (
    <section aria-labelledby="preview-heading" className="preview">
      <h2 id="preview-heading">{t('previewHeading')}</h2>
      <p className="hint">{t('previewHint')}</p>
      <div lang={draft.language} className="preview__frame">
        <ServiceFactsCard service={draft.videoService} locale={draft.language} />
        <DisclosureCard
          disclosure={{ language: draft.language, title: draft.title, body: draft.body, version, contentHash: disclosureHash(draft) }}
          publishedAt={publishedAt}
          locale={draft.language}
        />
        <section className="card" aria-labelledby="statements-heading">
          <h2 id="statements-heading">{tcon('formHeading')}</h2>
          <ul>
            <li>{statements.transmission}</li>
            {statements.thirdCountryTransfer ? <li>{statements.thirdCountryTransfer}</li> : null}
            {statements.recording ? <li>{statements.recording}</li> : null}
          </ul>
        </section>
      </div>
    </section>
  );
}
