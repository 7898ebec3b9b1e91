import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { FormField } from '@/components/form-field';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { LETTER_FILTER_VALUES, STATUS_EVENTS, type TLogFilterField } from '@/server/compliance/log-filter';

type TProps = {
  /** The query string as sent, so a mistyped value stays in its field next to its error. */
  values: Record<string, string>;
  invalid: TLogFilterField[];
  advisors: { id: string; displayName: string }[];
  services: { id: string; name: string }[];
  member: { pseudonym: string; clearHref: string } | null;
};

export const eventLabelKey = (eventType: string) => eventType.replace('.', '_');

/** The explorer's filter: a GET form, so every search is a link that can be kept and works without JavaScript. */
export async function LogFilterForm({ values, invalid, advisors, services, member }: TProps) {
  const t = await getTranslations('logExplorer');
  const te = await getTranslations('events');
  const errorOf = (field: TLogFilterField) => (invalid.includes(field) ? t(`invalid_${field}`) : null);
  const field = (name: TLogFilterField, label: string, control: (described: string | undefined, bad: boolean) => ReactNode) => (
    <FormField name={name} label={label} error={errorOf(name) ?? undefined}>
      {control}
    </FormField>
  );
  const common = (name: TLogFilterField, described: string | undefined, bad: boolean) => ({
    id: name,
    name,
    defaultValue: values[name] ?? '',
    'aria-invalid': bad || undefined,
    'aria-describedby': described,
  });
  return (
    <form method="get" action="/compliance/log" className="card filter-form" aria-labelledby="filter-heading">
      <h2 id="filter-heading">{t('filterHeading')}</h2>
      {invalid.length ? (
        <div className="notice notice--error" role="alert">
          <p>{t('filterErrors')}</p>
          <ul>
            {invalid.map((f) => (
              <li key={f}>
                <a href={f === 'member' ? '#lookup-number' : `#${f}`}>{t(`invalid_${f}`)}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {member ? (
        <p data-testid="member-filter">
          {t('memberFilter', { pseudonym: member.pseudonym })} <a href={member.clearHref}>{t('memberFilterClear')}</a>
          <input type="hidden" name="member" value={values.member ?? ''} />
        </p>
      ) : null}
      <div className="filter-grid">
        {field('from', t('from'), (d, b) => (
          <input type="date" {...common('from', d, b)} />
        ))}
        {field('to', t('to'), (d, b) => (
          <input type="date" {...common('to', d, b)} />
        ))}
        {field('consultation', t('consultation'), (d, b) => (
          <input type="text" maxLength={36} spellCheck={false} autoComplete="off" {...common('consultation', d, b)} />
        ))}
        {field('advisor', t('advisor'), (d, b) => (
          <select {...common('advisor', d, b)}>
            <option value="">{t('any')}</option>
            {advisors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        ))}
        {field('service', t('service'), (d, b) => (
          <select {...common('service', d, b)}>
            <option value="">{t('any')}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        ))}
        {field('event', t('event'), (d, b) => (
          <select {...common('event', d, b)}>
            <option value="">{t('any')}</option>
            {Object.values(LOG_EVENT).map((e) => (
              <option key={e} value={e}>
                {te(eventLabelKey(e))}
              </option>
            ))}
          </select>
        ))}
        {field('status', t('status'), (d, b) => (
          <select {...common('status', d, b)}>
            <option value="">{t('any')}</option>
            {Object.keys(STATUS_EVENTS).map((s) => (
              <option key={s} value={s}>
                {t(`status_${s}`)}
              </option>
            ))}
          </select>
        ))}
        <FormField
          name="afterPasswordLetter"
          label={t('afterPasswordLetter')}
          hint={t('afterPasswordLetterHint')}
          error={errorOf('afterPasswordLetter') ?? undefined}
        >
          {(d, b) => (
            <select {...common('afterPasswordLetter', d, b)}>
              <option value="">{t('any')}</option>
              {LETTER_FILTER_VALUES.map((v) => (
                <option key={v} value={v}>
                  {t(`letter_${v}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div className="button-row">
        <button type="submit" className="button">
          {t('search')}
        </button>
        <a href="/compliance/log">{t('reset')}</a>
      </div>
    </form>
  );
}
