import { getTranslations } from 'next-intl/server';
import { unlockAction } from './actions';

/** Lifts a sign-in lock by name; a plain form (works without JavaScript), answered by a redirect. */
export async function UnlockForm({ error }: { error: 'loginRequired' | 'notFound' | null }) {
  const t = await getTranslations('admin');
  return (
    <section className="card" aria-labelledby="unlock">
      <h2 id="unlock" tabIndex={-1}>
        {t('unlockTitle')}
      </h2>
      <p>{t('unlockIntro')}</p>
      <form action={unlockAction}>
        <div className="field">
          <label htmlFor="unlock-login">{t('unlockLogin')}</label>
          {error ? (
            <span className="error-text" id="unlock-login-error">
              {t(`errors.${error}`)}
            </span>
          ) : null}
          <input
            id="unlock-login"
            name="login"
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'unlock-login-error' : undefined}
          />
        </div>
        <div className="button-row">
          <button type="submit" className="button">
            {t('unlockSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
