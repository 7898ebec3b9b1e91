import { Fragment } from 'react';
import { getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { countryNames } from '@/shared/country-names';
import { type TReceiptV2, receiptEventKey } from '@/server/receipts/receipt-format';

type TProps = { receipt: TReceiptV2; locale: string; consultation: { id: string; topic: string; startsAt: Date } | null; treeSize: number };

/**
 * The receipt as a member reads and prints it: labels in the reader's language, the sentences agreed
 * to verbatim in the language of the decision (marked with `lang`, docs/decisions/0030).
 */
export async function ReceiptView({ receipt, locale, consultation, treeSize }: TProps) {
  const t = await getTranslations('receipt');
  const recipient = receipt.recipients[0]!;
  const { event, decision } = receipt.evidence;
  return (
    <>
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
              <dd>{t('consultationValue', { topic: consultation.topic, date: formatWhen(consultation.startsAt, locale) })}</dd>
            </>
          ) : null}
          <dt>{t('receiptId')}</dt>
          <dd className="hash">{receipt.receiptId}</dd>
          <dt>{t('principal')}</dt>
          <dd>
            <span className="hash">{receipt.piiPrincipalId}</span>
            <br />
            <span className="hint">{t('principalHint')}</span>
          </dd>
          <dt>{t('language')}</dt>
          <dd>{t(`languages.${receipt.language}`)}</dd>
          <dt>{t('collectionMethod')}</dt>
          <dd lang={receipt.language}>{receipt.collectionMethod}</dd>
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
                  <span lang={receipt.language}>{c.label}</span>
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
                  <td lang={receipt.language}>{p.statement}</td>
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
                <ul className="plain-list" lang={receipt.language}>
                  {b.bases.map((basis) => (
                    <li key={basis.id}>{basis.citation}</li>
                  ))}
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
          <dd lang={receipt.language}>{receipt.retention.text}</dd>
          <dt>{t('storage')}</dt>
          <dd lang={receipt.language}>{receipt.storage.text}</dd>
          <dt>{t('withdrawal')}</dt>
          <dd lang={receipt.language}>{receipt.withdrawal.text}</dd>
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
        <p className="hint spaced">{t.rich('howToVerify', { code: (chunks) => <code>{chunks}</code> })}</p>
      </section>
    </>
  );
}
