import { getLocale, getTranslations } from 'next-intl/server';
import type { TPasswordLetterError } from '@/server/admin/reset-password-by-letter';

/**
 * The password letter's form, for administrators and advisors: a plain POST to the route that answers
 * with the PDF (the browser downloads it and stays here) or, on a problem, sends the browser back here
 * with `?error=`. Works without JavaScript; the member's number never goes into an address.
 */
export async function PasswordLetterForm({ error, scope }: { error: TPasswordLetterError | null; scope: 'admin' | 'advisor' }) {
  const t = await getTranslations('passwordLetterForm');
  const locale = await getLocale();
  const field = error === 'confirmRequired' ? 'confirm' : error === 'languageRequired' ? 'language' : 'member';
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <p>{t(scope === 'admin' ? 'adminScope' : 'advisorScope')}</p>
      {error ? (
        <div className="notice notice--error" role="alert" aria-labelledby="letter-error-title">
          <h2 id="letter-error-title">{t('errorTitle')}</h2>
          <ul>
            <li>
              <a href={`#${field}`} id="letter-error">
                {t(`errors.${error}`)}
              </a>
            </li>
          </ul>
        </div>
      ) : null}
      <form method="post" action="/api/password-letters" className="card">
        <div className="field">
          <label htmlFor="member">{t('member')}</label>
          <span className="hint" id="member-hint">
            {t('memberHint')}
          </span>
          <input
            id="member"
            name="member"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            required
            aria-invalid={field === 'member' && error ? true : undefined}
            aria-describedby={field === 'member' && error ? 'member-hint letter-error' : 'member-hint'}
          />
        </div>
        <fieldset>
          <legend>{t('language')}</legend>
          {(['de', 'en'] as const).map((language, i) => (
            <div className="check" key={language}>
              <input type="radio" id={i === 0 ? 'language' : `language-${language}`} name="language" value={language} defaultChecked={language === locale} />
              <label htmlFor={i === 0 ? 'language' : `language-${language}`}>{t(`language_${language}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className="check">
          <input
            type="checkbox"
            id="confirm"
            name="confirm"
            value="yes"
            aria-invalid={field === 'confirm' && error ? true : undefined}
            aria-describedby={field === 'confirm' && error ? 'letter-error' : undefined}
          />
          <label htmlFor="confirm">{t('confirm')}</label>
        </div>
        <p className="hint">{t('afterSubmit')}</p>
        <div className="button-row">
          <button type="submit" className="button">
            {t('submit')}
          </button>
        </div>
      </form>
    </>
  );
}
