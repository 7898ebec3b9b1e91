import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatWhen } from '@/components/format-time';
import type { TLetterRow } from '@/server/letters/list-letters';
import type { TLetterRequestError } from '@/server/letters/request-letter';

export type TLetterRequested = { again: boolean; blocked: boolean } | null;

/**
 * The password letter's request form, for administrators and advisors, and the latest letters' states
 * (docs/decisions/0042): a plain POST that queues the letter for the print and mail system and comes
 * back here. Nobody here ever sees the code. Works without JavaScript; the member's number never goes
 * into an address.
 */
export async function PasswordLetterForm({
  error,
  requested,
  scope,
  letters,
}: {
  error: TLetterRequestError | null;
  requested: TLetterRequested;
  scope: 'admin' | 'advisor';
  letters: TLetterRow[];
}) {
  const t = await getTranslations('passwordLetterForm');
  const locale = await getLocale();
  const field = error === 'confirmRequired' ? 'confirm' : error === 'languageRequired' ? 'language' : 'member';
  const when = (date: Date | null) => (date ? formatWhen(date, locale) : '–');
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <p>{t(scope === 'admin' ? 'adminScope' : 'advisorScope')}</p>
      {requested ? (
        <div className="notice notice--ok" role="status">
          <p>{t(requested.again ? 'requestedAgain' : 'requestedNew')}</p>
          {requested.blocked ? <p>{t('blockedNow')}</p> : null}
        </div>
      ) : null}
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
              <input
                type="radio"
                id={i === 0 ? 'language' : `language-${language}`}
                name="language"
                value={language}
                defaultChecked={language === locale}
              />
              <label htmlFor={i === 0 ? 'language' : `language-${language}`}>{t(`language_${language}`)}</label>
            </div>
          ))}
        </fieldset>
        {scope === 'admin' ? (
          <div className="check">
            <input type="checkbox" id="block" name="block" value="yes" aria-describedby="block-hint" />
            <div>
              <label htmlFor="block">{t('block')}</label>
              <span className="hint" id="block-hint">
                {t('blockHint')}
              </span>
            </div>
          </div>
        ) : null}
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
      <h2 id="letters-heading">{t('lettersTitle')}</h2>
      {letters.length === 0 ? (
        <p>{t('noLetters')}</p>
      ) : (
        <DataTable
          labelledBy="letters-heading"
          rowHeaders
          columns={[{ label: t('columnMember') }, { label: t('columnRequested') }, { label: t('columnState') }, { label: t('columnCode') }]}
          rows={letters.map((letter) => ({
            key: letter.id,
            cells: [
              <>
                {letter.member.name}
                <div className="muted">{letter.member.number}</div>
              </>,
              <>
                {when(letter.requestedAt)}
                <div className="muted">{t(`by_${letter.requestedBy}`)}</div>
              </>,
              <>
                {t(`state_${letter.state}`)}
                {letter.attempt > 1 ? <div className="muted">{t('attempt', { attempt: letter.attempt })}</div> : null}
                {letter.state === 'HANDED_TO_PRINT' ? <div className="muted">{when(letter.handedAt)}</div> : null}
                {letter.state === 'PRINTED' || letter.state === 'FAILED' ? <div className="muted">{when(letter.confirmedAt)}</div> : null}
                {letter.failureReason ? <div className="muted">{t(`failure_${letter.failureReason as 'other'}`)}</div> : null}
              </>,
              letter.code === 'valid'
                ? t('codeValidUntil', { date: when(letter.codeExpiresAt) })
                : letter.code === 'not-made'
                  ? '–'
                  : t(`code_${letter.code}`),
            ],
          }))}
        />
      )}
    </>
  );
}
