import { getTranslations } from 'next-intl/server';
import { countryNames } from '@/shared/country-names';
import { SETTING_FIELDS, type TServiceSettings } from '@/server/video-service/service-settings';

/** One setting in words: countries by name (with their codes), yes/no, the access kind's name. */
async function describe(settings: TServiceSettings, field: keyof TServiceSettings, locale: string): Promise<string> {
  const t = await getTranslations('services');
  const tc = await getTranslations('common');
  const value = settings[field];
  switch (field) {
    case 'processingRegion':
      return t(`regions.${settings.processingRegion}`);
    case 'thirdCountries':
      return settings.thirdCountries.length
        ? `${countryNames(settings.thirdCountries, locale)} (${settings.thirdCountries.join(', ')})`
        : '—';
    case 'access':
      return t(`accessKinds.${settings.access}`);
    default:
      return typeof value === 'boolean' ? (value ? tc('yes') : tc('no')) : value ? String(value) : '—';
  }
}

/**
 * A service's settings, or a proposal next to the service as it is now, with changed rows marked in
 * words (not only by colour).
 */
export async function SettingsTable({
  proposed,
  current,
  locale,
  captionId,
  caption,
}: {
  proposed: TServiceSettings;
  current: TServiceSettings | null;
  locale: string;
  captionId: string;
  caption: string;
}) {
  const t = await getTranslations('services');
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="data">
        <caption id={captionId}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('setting')}</th>
            {current ? <th scope="col">{t('now')}</th> : null}
            <th scope="col">{current ? t('proposedValue') : t('value')}</th>
          </tr>
        </thead>
        <tbody>
          {await Promise.all(
            SETTING_FIELDS.map(async (field) => {
              const after = await describe(proposed, field, locale);
              const before = current ? await describe(current, field, locale) : null;
              const changed = before !== null && before !== after;
              return (
                <tr key={field} className={changed ? 'changed' : undefined}>
                  <th scope="row">{t(`fields.${field}`)}</th>
                  {current ? <td>{before}</td> : null}
                  <td>
                    {after}
                    {changed ? <strong className="changed-mark"> ({t('changed')})</strong> : null}
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}
