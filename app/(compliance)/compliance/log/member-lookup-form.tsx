import { getTranslations } from 'next-intl/server';
import { ReasonField } from '../reason-field';
import { lookupMemberAction } from './actions';

/** Find one person's entries by the number on their card; the lookup is logged, so it is a form of its own. */
export async function MemberLookupForm({ status }: { status: string | undefined }) {
  const t = await getTranslations('logExplorer');
  const problem = status === 'invalid' ? t('lookupInvalid') : status === 'not-found' ? t('lookupNotFound') : null;
  return (
    <form action={lookupMemberAction} className="card" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">{t('lookupHeading')}</h2>
      <p className="hint">{t('lookupHint')}</p>
      <div className="field">
        <label htmlFor="lookup-number">{t('lookupNumber')}</label>
        {problem ? (
          <span className="error-text" id="lookup-number-error" role="alert">
            {problem}
          </span>
        ) : null}
        <input
          id="lookup-number"
          name="number"
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          required
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'lookup-number-error' : undefined}
        />
      </div>
      <ReasonField id="lookup-reason" label={t('reason')} hint={t('reasonHint')} />
      <div className="button-row">
        <button type="submit" className="button button--secondary">
          {t('lookupSubmit')}
        </button>
      </div>
    </form>
  );
}
