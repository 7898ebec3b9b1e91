import { getLocale, getTranslations } from 'next-intl/server';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';

type TObject = { [key: string]: TCanonicalValue };

/** The sentences of a consent page, each answered by the choice of the same name (server/consent-rules/consent-terms.ts). */
const STATEMENT_ORDER = ['transmission', 'thirdCountryTransfer', 'recording'] as const;

/** A logged value as text: strings as they are, anything else (a malformed entry) as its JSON, never [object Object]. */
function asText(value: TCanonicalValue | undefined): string {
  return typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
}

function asObject(value: TCanonicalValue | undefined): TObject | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/**
 * The facts of one entry a reviewer asks about (the text shown, the choices, the statements agreed
 * to, the reason for a denial), then the entry's payload exactly as logged.
 */
export async function EntryDetails({ consultationId, payload }: { consultationId: string; payload: TCanonicalValue }) {
  const t = await getTranslations('timeline');
  const reasons = await getTranslations('advisorReasons');
  const locale = await getLocale();
  // Logged codes in words; a code this version does not know is shown as logged (the raw entry is below).
  const inWords = (key: string, code: string) => (t.has(`${key}_${code}`) ? t(`${key}_${code}`) : code);
  const languageName = (code: string) => new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  const p = asObject(payload) ?? {};
  const disclosure = asObject(p.disclosure);
  const choices = asObject(p.choices);
  const statements = asObject(asObject(p.terms)?.statements ?? null);
  const yesNo = (v: TCanonicalValue | undefined) => (v === true ? t('yes') : v === false ? t('no') : t('notAsked'));
  return (
    <>
      {disclosure && typeof disclosure.versionId === 'string' ? (
        <p>
          {t('disclosureShown', { language: languageName(asText(disclosure.language)) })}{' '}
          <a href={`/compliance/consultations/${consultationId}/disclosure/${disclosure.versionId}`}>{t('disclosureView')}</a>{' '}
          <code className="hash">{asText(disclosure.hash).slice(0, 16)}…</code>
        </p>
      ) : null}
      {choices ? (
        <dl className="facts">
          <dt>{t('choiceTransmission')}</dt>
          <dd>{yesNo(choices.transmission)}</dd>
          <dt>{t('choiceThirdCountry')}</dt>
          <dd>{yesNo(choices.thirdCountryTransfer)}</dd>
          <dt>{t('choiceRecording')}</dt>
          <dd>{yesNo(choices.recording)}</dd>
        </dl>
      ) : null}
      {statements ? (
        <>
          <p>{t('statements')}</p>
          <ul>
            {STATEMENT_ORDER.filter((key) => typeof statements[key] === 'string').map((key) => (
              <li key={key}>
                „{asText(statements[key])}“ — <strong>{choices?.[key] === true ? t('agreed') : t('notAgreed')}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {typeof p.reason === 'string' ? <p>{t('reasonGiven', { reason: reasons.has(p.reason) ? reasons(p.reason) : p.reason })}</p> : null}
      {typeof p.cause === 'string' ? <p>{t('cause', { cause: inWords('cause', p.cause) })}</p> : null}
      {typeof p.scope === 'string' ? <p>{t('scope', { scope: inWords('scope', p.scope) })}</p> : null}
      <details>
        <summary>{t('raw')}</summary>
        <pre className="raw-entry">{JSON.stringify(payload, null, 2)}</pre>
      </details>
    </>
  );
}
