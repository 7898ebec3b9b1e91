import { getTranslations } from 'next-intl/server';
import type { TServiceForTerms } from '@/server/consent-rules/consent-terms';
import { countryNames } from '@/shared/country-names';

/**
 * The facts about a video service a member reads before consenting, in `locale`. One component for
 * the member's page and the compliance preview, so the preview cannot drift from what members see.
 */
export async function ServiceFactsCard({
  service,
  locale,
  headingId = 'service-heading',
}: {
  service: TServiceForTerms;
  locale: string;
  headingId?: string;
}) {
  const tsvc = await getTranslations({ locale, namespace: 'service' });
  const tc = await getTranslations({ locale, namespace: 'common' });
  const thirdCountry = service.processingRegion === 'THIRD_COUNTRY';
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {tsvc('title')}: {service.name}
      </h2>
      <dl className="facts">
        <dt>{tsvc('operator')}</dt>
        <dd>{service.operator}</dd>
        <dt>{tsvc('where')}</dt>
        <dd>{thirdCountry ? tsvc('thirdCountry', { countries: countryNames(service.thirdCountries, locale) }) : tsvc('euEea')}</dd>
        <dt>{tsvc('e2e')}</dt>
        <dd>{service.endToEndEncrypted ? tc('yes') : tc('no')}</dd>
        <dt>{tsvc('canRecord')}</dt>
        <dd>{service.canRecord ? tc('yes') : tc('no')}</dd>
      </dl>
    </section>
  );
}
