import { getLocale, getTranslations } from 'next-intl/server';
import { ConsentStatusBadge } from '@/components/consent-status-badge';
import { formatDateTime } from '@/components/format-time';
import type { THistoryConsultation, THistoryEvent } from '@/server/consent/consent-history';
import { withdrawFromHistoryAction } from './actions';
import { TopicText } from '@/components/topic-text';

/** The receipt of one log entry; the receipts page (issue 7) serves it at this address. */
const receiptHref = (queueId: bigint) => `/member/receipts/${queueId.toString()}`;

async function HistoryEvent({ event, headingId }: { event: THistoryEvent; headingId: string }) {
  const t = await getTranslations('history');
  const locale = await getLocale();
  const labelId = `${headingId}-e${event.queueId.toString()}`;
  const answer = (value: boolean | null) => (value ? t('agreed') : t('notAgreed'));
  const language = event.language === 'en' ? t('language_en') : t('language_de');
  return (
    <li>
      <p className="history-event__title" id={labelId}>
        <strong>{t(`event_${event.kind}`)}</strong> {t('at', formatDateTime(event.at, locale))}
      </p>
      <ul className="history-event__facts">
        <li>{t('basis', { version: event.disclosureVersion, language })}</li>
        {event.kind === 'given' && event.choices ? (
          <>
            <li>{t('choiceTransmission', { answer: answer(event.choices.transmission) })}</li>
            {event.choices.thirdCountryTransfer !== null ? (
              <li>{t('choiceThirdCountry', { answer: answer(event.choices.thirdCountryTransfer) })}</li>
            ) : null}
            <li>{t('choiceRecording', { answer: answer(event.choices.recording) })}</li>
          </>
        ) : null}
      </ul>
      <a href={receiptHref(event.queueId)} aria-describedby={labelId}>
        {t('receipt')}
      </a>
    </li>
  );
}

/** One consultation: what applies now, every step so far, and the one-click withdrawal or the way to decide again. */
export async function ConsultationHistory({ consultation: c }: { consultation: THistoryConsultation }) {
  const t = await getTranslations('history');
  const tc = await getTranslations('common');
  const locale = await getLocale();
  const headingId = `c-${c.id}`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid="consultation-history">
      <h2 id={headingId}>
        <a href={`/member/consultations/${c.id}`}>
          <TopicText topic={c.topic} locale={locale} />
        </a>
      </h2>
      <dl className="facts">
        <dt>{t('when')}</dt>
        <dd>{tc('dateTime', formatDateTime(c.startsAt, locale))}</dd>
        <dt>{t('advisor')}</dt>
        <dd>{c.advisorName}</dd>
        <dt>{t('service')}</dt>
        <dd>{c.serviceName}</dd>
        <dt>{t('current')}</dt>
        <dd>{c.cancelled ? t('cancelled') : <ConsentStatusBadge status={c.status} />}</dd>
      </dl>

      <h3>{t('eventsHeading')}</h3>
      {c.events.length ? (
        <ol className="history-events">
          {c.events.map((event) => (
            <HistoryEvent key={event.queueId.toString()} event={event} headingId={headingId} />
          ))}
        </ol>
      ) : (
        <p>{t('noEvents')}</p>
      )}

      {c.withdrawable.all ? (
        <form action={withdrawFromHistoryAction} className="spaced">
          <input type="hidden" name="consultationId" value={c.id} />
          <p className="hint" id={`${headingId}-withdraw-hint`}>
            {t('withdrawHint')}
          </p>
          <div className="button-row">
            <button
              type="submit"
              name="scope"
              value="all"
              className="button button--secondary"
              aria-describedby={`${headingId} ${headingId}-withdraw-hint`}
            >
              {t('withdrawAll')}
            </button>
            {c.withdrawable.recording ? (
              <button
                type="submit"
                name="scope"
                value="recording"
                className="button button--secondary"
                aria-describedby={`${headingId} ${headingId}-withdraw-hint`}
              >
                {t('withdrawRecording')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {c.mayDecide ? (
        <p className="spaced">
          <a className="button" href={`/member/consultations/${c.id}`} aria-describedby={headingId}>
            {t(`decide_${c.status}`)}
          </a>
        </p>
      ) : null}
    </section>
  );
}
