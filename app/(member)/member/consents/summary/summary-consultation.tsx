import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import type { TMemberDataExport } from '@/server/member-data/export-format';
import { formatPhone } from '@/components/format-phone';
import { TopicText } from '@/components/topic-text';

type TConsultation = TMemberDataExport['consultations'][number];

/** One consultation with every decision: the text version and its checksum, and each sentence, agreed to or not. */
export async function SummaryConsultation({ consultation: c }: { consultation: TConsultation }) {
  const t = await getTranslations('dataExport');
  const th = await getTranslations('history');
  const ts = await getTranslations('status');
  const tc = await getTranslations('common');
  const locale = await getLocale();
  const when = (iso: string) => tc('dateTime', formatDateTime(new Date(iso), locale));
  const language = (code: string) => (code === 'en' ? th('language_en') : th('language_de'));
  const headingId = `s-${c.id}`;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <TopicText topic={c.topic} locale={locale} />
      </h3>
      <dl className="facts">
        <dt>{t('when')}</dt>
        <dd>
          {when(c.startsAt)}, {t('duration', { minutes: c.durationMinutes })}
        </dd>
        <dt>{t('service')}</dt>
        <dd>{c.service.name}</dd>
        <dt>{t('operator')}</dt>
        <dd>{c.service.operator}</dd>
        <dt>{t('advisor')}</dt>
        <dd>{c.advisorName}</dd>
        <dt>{t('state')}</dt>
        <dd>{t(`state_${c.state}`)}</dd>
        {c.callbackPhone ? (
          <>
            <dt>{t('callbackPhone')}</dt>
            <dd>{formatPhone(c.callbackPhone)}</dd>
          </>
        ) : null}
        <dt>{t('consentStatus')}</dt>
        <dd>{ts(c.consentStatus)}</dd>
      </dl>
      {c.decisions.map((d) => (
        <section key={d.id} className="summary-decision" aria-labelledby={`d-${d.id}`}>
          <h4 id={`d-${d.id}`}>
            {t('decisionHeading', { outcome: t(`outcome_${d.outcome}`), ...formatDateTime(new Date(d.decidedAt), locale) })}
          </h4>
          <dl className="facts">
            <dt>{t('disclosure')}</dt>
            <dd>
              <span lang={d.disclosure.language}>{d.disclosure.title}</span> (
              {t('disclosureVersionLanguage', { version: d.disclosure.version, language: language(d.disclosure.language) })})
            </dd>
            <dt>{t('hash')}</dt>
            <dd className="hash">{d.disclosure.contentHash}</dd>
            <dt>{t('receiptNumber')}</dt>
            <dd>{d.logQueueId}</dd>
            {d.alternative ? (
              <>
                <dt>{t('alternative')}</dt>
                <dd>{d.alternative === 'phone' ? t('alternative_phone') : d.alternative}</dd>
              </>
            ) : null}
            {d.recordingWithdrawnAt ? (
              <>
                <dt>{t('recordingWithdrawnAt')}</dt>
                <dd>{when(d.recordingWithdrawnAt)}</dd>
              </>
            ) : null}
            {d.withdrawnAt ? (
              <>
                <dt>{t('withdrawnAt')}</dt>
                <dd>{when(d.withdrawnAt)}</dd>
              </>
            ) : null}
            {d.afterPasswordLetter ? (
              <>
                <dt>{t('afterPasswordLetter')}</dt>
                <dd>{t('afterPasswordLetterBy', { requester: d.afterPasswordLetter })}</dd>
              </>
            ) : null}
          </dl>
          {d.sentences.length ? (
            <>
              <p className="label">{t('sentences')}</p>
              <ul className="plain-list" lang={d.language}>
                {d.sentences.map((s) => (
                  <li key={s.choice}>
                    <strong lang={locale}>{s.agreed ? t('agreed') : t('notAgreed')}:</strong> {s.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ))}
    </article>
  );
}
