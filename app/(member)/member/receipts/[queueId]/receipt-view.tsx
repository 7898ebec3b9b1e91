import { Fragment } from 'react';
import { getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { countryNames } from '@/shared/country-names';
import { type TReceiptV2, receiptEventKey } from '@/server/receipts/receipt-format';
import { TopicText } from '@/components/topic-text';

type TProps = {
  receipt: TReceiptV2;
  locale: string;
  consultation: { id: string; topic: string; startsAt: Date } | null;
  treeSize: number;
  /** An employer reads it: addressed as a company (its company number, not an insurance number). */
  forEmployer: boolean;
};

// The receipt file's texts written from the message catalogue (build-receipt.ts), by data category.
const CATEGORY_LABELS = { 'image-and-voice': 'imageAndVoice', 'social-data': 'socialData', health: 'healthData' } as const;

/**
 * The receipt as a member reads and prints it: labels in the reader's language, the sentences agreed
 * to verbatim in the language of the decision (marked with `lang`, docs/decisions/0030). Read in another
 * language than the decision's, the file's other texts are shown in the reader's, and a note says so (0067).
 */
export async function ReceiptView({ receipt, locale, consultation, treeSize, forEmployer }: TProps) {
  const t = await getTranslations('receipt');
  const tf = await getTranslations('receipt.file');
  const recipient = receipt.recipients[0]!;
  const { event, decision } = receipt.evidence;
  const sameLanguage = receipt.language === locale;
  /** A text of the file as it stands there, or (read in another language) as the catalogue words it in the reader's. */
  const fileText = (asSigned: string, inReadersLanguage: () => string) => (sameLanguage ? asSigned : inReadersLanguage());
  const decisionLanguage = t(`languages.${receipt.language}`);
  return (
    <>
      {sameLanguage ? null : (
        <div className="notice notice--info receipt-section" data-testid="receipt-language-note">
          <p>{t('languageNote', { language: decisionLanguage })}</p>
        </div>
      )}
      <section className="card receipt-section" aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t('factsHeading')}</h2>
        <dl className="facts">
          <dt>{t('event')}</dt>
          <dd>{t(`events.${receiptEventKey(receipt.event)}`)}</dd>
          <dt>{t('timestamp')}</dt>
          <dd>{formatWhen(new Date(receipt.consentTimestamp), locale, { seconds: true })}</dd>
          {consultation ? (
            <>
              <dt>{t('consultation')}</dt>
              <dd>
                <TopicText topic={consultation.topic} locale={locale} />, {formatWhen(consultation.startsAt, locale)}
              </dd>
            </>
          ) : null}
          <dt>{t('receiptId')}</dt>
          <dd className="hash">{receipt.receiptId}</dd>
          <dt>{t('principal')}</dt>
          <dd>
            <span className="hash">{receipt.piiPrincipalId}</span>
            <br />
            <span className="hint">{t(forEmployer ? 'principalHintEmployer' : 'principalHint')}</span>
          </dd>
          <dt>{t('language')}</dt>
          <dd>{t(`languages.${receipt.language}`)}</dd>
          <dt>{t('collectionMethod')}</dt>
          <dd>{fileText(receipt.collectionMethod, () => tf('collectionMethod'))}</dd>
          <dt>{t('notice')}</dt>
          <dd>{t('noticeValue', { version: receipt.notice.version })}</dd>
          <dt>{t('noticeHash')}</dt>
          <dd className="hash">{receipt.notice.sha256}</dd>
          <dt>{t('jurisdiction')}</dt>
          <dd>{new Intl.DisplayNames([locale], { type: 'region' }).of(receipt.jurisdiction) ?? receipt.jurisdiction}</dd>
          <dt>{t('dataCategories')}</dt>
          <dd>
            <ul className="plain-list">
              {receipt.dataCategories.map((c) => (
                <li key={c.id} data-category={c.id}>
                  {fileText(c.label, () => tf(CATEGORY_LABELS[c.id]))}
                  {c.specialCategory ? <> ({t('specialCategory')})</> : null}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
      </section>

      <section className="card receipt-section" aria-labelledby="purposes-heading">
        <h2 id="purposes-heading">{t('purposesHeading')}</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('purposeColumn')}</th>
                <th scope="col">{t('statementColumn')}</th>
                <th scope="col">{t('stateColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {receipt.purposes.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{t(`purposes.${p.id}`)}</th>
                  <td>
                    {sameLanguage ? null : <span className="hint">{t('asShown', { language: decisionLanguage })} </span>}
                    <span lang={receipt.language}>{p.statement}</span>
                  </td>
                  <td data-purpose-state={p.state}>
                    <strong>{t(`states.${p.state}`)}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>{t('basisHeading')}</h3>
        <dl className="facts">
          {receipt.lawfulBases.map((b) => (
            <Fragment key={b.purpose}>
              <dt>{t(`purposes.${b.purpose}`)}</dt>
              <dd data-lawful-basis={b.purpose}>
                <ul className="plain-list">
                  {b.bases.map((basis) =>
                    basis.id === 'sgb-x' || sameLanguage ? (
                      // The SGB X basis is the data protection officer's wording, in German only.
                      <li key={basis.id} lang={basis.id === 'sgb-x' ? 'de' : receipt.language}>
                        {basis.citation}
                      </li>
                    ) : (
                      <li key={basis.id}>{tf(`bases.${basis.id}`)}</li>
                    ),
                  )}
                </ul>
              </dd>
            </Fragment>
          ))}
        </dl>
      </section>

      <section className="card receipt-section" aria-labelledby="controller-heading">
        <h2 id="controller-heading">{t('controllerHeading')}</h2>
        <dl className="facts">
          <dt>{t('controller')}</dt>
          <dd>
            {receipt.piiController.name}
            <br />
            {receipt.piiController.address}
            <br />
            {t('controllerId', { ik: receipt.piiController.identifier.value })}
          </dd>
          <dt>{t('contact')}</dt>
          <dd>{t('contactValue', { email: receipt.piiController.email, phone: receipt.piiController.phone })}</dd>
          <dt>{t('dpo')}</dt>
          <dd>{receipt.piiController.dpoEmail}</dd>
          <dt>{t('privacyNotice')}</dt>
          <dd>
            <a href={receipt.privacyNoticeUrl}>{receipt.privacyNoticeUrl}</a>
          </dd>
          <dt>{t('recipient')}</dt>
          <dd>{t('recipientValue', { name: recipient.name, operator: recipient.operator })}</dd>
          <dt>{t('processing')}</dt>
          <dd>
            {recipient.processingRegion === 'THIRD_COUNTRY'
              ? t('processingThird', { countries: countryNames(recipient.countries, locale) })
              : t('processingEu')}
          </dd>
        </dl>
      </section>

      <section className="card receipt-section" aria-labelledby="retention-heading">
        <h2 id="retention-heading">{t('retentionHeading')}</h2>
        <dl className="facts">
          <dt>{t('retention')}</dt>
          <dd>{fileText(receipt.retention.text, () => tf('retention', { years: receipt.retention.consentLogYears }))}</dd>
          <dt>{t('storage')}</dt>
          <dd>{fileText(receipt.storage.text, () => tf('storage', { countries: countryNames(receipt.storage.countries, locale) }))}</dd>
          <dt>{t('withdrawal')}</dt>
          <dd>{fileText(receipt.withdrawal.text, () => tf('withdrawal', { email: receipt.withdrawal.contact }))}</dd>
        </dl>
        {consultation ? (
          <p className="no-print">
            <a href={`/member/consultations/${consultation.id}`}>{t('withdrawHere')}</a>
          </p>
        ) : null}
      </section>

      <section className="card receipt-section" aria-labelledby="history-heading">
        <h2 id="history-heading">{t('historyHeading')}</h2>
        <div className="table-wrap">
          <table className="data" data-testid="receipt-history">
            <thead>
              <tr>
                <th scope="col">{t('historyWhen')}</th>
                <th scope="col">{t('event')}</th>
                <th scope="col">{t('entry')}</th>
              </tr>
            </thead>
            <tbody>
              {receipt.history.map((h) => (
                <tr key={h.leafIndex} aria-current={h.leafIndex === event.leafIndex ? 'true' : undefined}>
                  <td>{formatWhen(new Date(h.recordedAt), locale, { seconds: true })}</td>
                  <td>
                    {t(`events.${receiptEventKey(h.event)}`)}
                    {h.leafIndex === event.leafIndex ? <> ({t('historyThis')})</> : null}
                  </td>
                  <td>{t('entryValue', { seq: h.leafIndex + 1 })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card receipt-section" aria-labelledby="proof-heading">
        <h2 id="proof-heading">{t('proofHeading')}</h2>
        <p>{t('proofIntro')}</p>
        <dl className="facts">
          <dt>{t('entry')}</dt>
          <dd>{t('entryValue', { seq: event.entry.seq })}</dd>
          <dt>{t('leafHash')}</dt>
          <dd className="hash">{event.leafHash}</dd>
          {decision ? (
            <>
              <dt>{t('decisionEntry')}</dt>
              <dd>{t('entryValue', { seq: decision.entry.seq })}</dd>
            </>
          ) : null}
          <dt>{t('checkpoint')}</dt>
          <dd>{t('checkpointValue', { size: treeSize, origin: receipt.evidence.logOrigin })}</dd>
        </dl>
        <p className="spaced">
          {t.rich('howToVerify', {
            verify: (chunks) => <a href="/receipts/verify">{chunks}</a>,
            keys: (chunks) => <a href="/.well-known/consent-log-keys">{chunks}</a>,
          })}
        </p>
      </section>
    </>
  );
}
