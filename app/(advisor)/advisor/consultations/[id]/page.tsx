import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { CancelConsultation } from '@/components/cancel-consultation';
import { ConsentStatusBadge } from '@/components/consent-status-badge';
import { LiveRefresh } from '@/components/live-refresh';
import { formatDateTime } from '@/components/format-time';
import { listLogEntries } from '@/server/audit-log/recent-entries';
import { requireActor } from '@/server/auth/current-actor';
import { getAdvisorConsultation, recordingViolation } from '@/server/call/advisor-consultation';
import { ZCallAction } from '@/server/call/call-actions';
import { callEndOverdue, callPhase } from '@/server/call/call-end';
import { utcToBerlinFields } from '@/server/consultation/berlin-time';
import { listColleagues, listVideoServices } from '@/server/scheduling/schedule-consultation';
import { rescheduleAction } from '../new/actions';
import { ScheduleForm } from '../new/schedule-form';
import { scheduleFormTexts } from '../new/schedule-labels';
import { db } from '@/server/db/client';
import { callEndedAction, cancelAction, handOverAction, recordingAction } from './actions';
import { formatPhone } from '@/components/format-phone';
import { TopicText, consultationTitle } from '@/components/topic-text';

type TParams = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const ZDenial = z.enum([
  'cancelled',
  'no-consent',
  'refused',
  'withdrawn',
  'outdated',
  'service-changed',
  'no-recording-consent',
  'recording-withdrawn',
  'cannot-record',
  'call-not-started',
  'already-recording',
  'not-recording',
  'recording-off-unconfirmed',
  'service-unavailable',
]);
const ZDone = z.enum([
  ...ZCallAction.extract(['start-recording', 'stop-recording']).options,
  'scheduled',
  'cancelled',
  'rescheduled',
  'unchanged',
  'call-ended',
]);

async function loadForAdvisor(id: string) {
  const actor = await requireActor(['ADVISOR']);
  const consultation = await getAdvisorConsultation(await db(), actor, id);
  if (!consultation) notFound();
  return { actor, consultation };
}

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const { consultation } = await loadForAdvisor((await params).id);
  return { title: await consultationTitle(consultation, await getLocale()) };
}

/** One consultation as its advisor sees it: the member's consent, the call, recording, and the log. */
export default async function AdvisorConsultationPage({ params, searchParams }: TParams) {
  const { id } = await params;
  const query = await searchParams;
  const { actor, consultation } = await loadForAdvisor(id);
  const colleagues = await listColleagues(actor);
  const locale = await getLocale();
  const t = await getTranslations('advisor');
  const tc = await getTranslations('common');
  const tr = await getTranslations('advisorReasons');
  const te = await getTranslations('events');
  const tx = await getTranslations('cancel');
  const ts = await getTranslations('schedule');
  const th = await getTranslations('handOver');
  const trs = await getTranslations('reschedule');
  const services = consultation.cancelledAt ? [] : await listVideoServices(actor);
  const timeline = (await listLogEntries(await db(), { consultationId: consultation.id }, 100)).reverse();
  // Message keys cannot contain dots (next-intl reads them as nesting): "consent.given" → "consent_given".
  const eventLabel = (eventType: string) => {
    const key = eventType.replace(/\./g, '_');
    return te.has(key) ? te(key) : eventType;
  };

  const { decision, evaluation } = consultation;
  const when = formatDateTime(consultation.startsAt, locale);
  const yesNo = (value: boolean | null) => (value ? tc('yes') : tc('no'));
  const done = ZDone.safeParse(query.done);
  const denied = ZDenial.safeParse(query.denied);
  const recording = consultation.recordingState;
  const stopDue = recording === 'RECORDING' ? consultation.recordingStopDueAt : null;
  const violation = recordingViolation(consultation);
  // On LiveKit the gateway starts and stops recordings itself; elsewhere the advisor declares them.
  const liveKit = consultation.videoService.access === 'LIVEKIT' || consultation.livekitEgressId !== null;
  // A plain link's service may record on its own: unless the member agreed to recording, the advisor confirms it is off.
  const confirmRecordingOff = consultation.videoService.access === 'LINK' && !evaluation.recording.allowed;
  const phase = callPhase(consultation);
  const endOverdue = callEndOverdue(consultation);

  return (
    <>
      <LiveRefresh source="/api/advisor/events" />
      <p>
        <a href="/advisor">{tc('back')}</a>
      </p>
      <h1>
        <TopicText topic={consultation.topic} locale={locale} />
      </h1>
      <p className="lead">
        {tc('dateTime', when)} · {consultation.member.displayName} · {consultation.videoService.name}
      </p>

      {phase === 'must-end' && consultation.callEndDueAt ? (
        // An instruction, not a badge: the call must end now (docs/decisions/0065).
        <div className="notice notice--error" role="alert" data-testid="end-call-now">
          <h2>{t('endCallTitle')}</h2>
          <p>
            {endOverdue
              ? t('endCallOverdue', { time: formatDateTime(consultation.callEndDueAt, locale).time })
              : t(liveKit ? 'endCallLiveKit' : 'endCallWithdrawn', { time: formatDateTime(consultation.callEndDueAt, locale).time })}
          </p>
          <p>
            <strong>
              {consultation.callbackPhone ? t('endCallPhone', { phone: formatPhone(consultation.callbackPhone) }) : t('endCallNoPhone')}
            </strong>
          </p>
          <form action={callEndedAction}>
            <input type="hidden" name="consultationId" value={consultation.id} />
            <button type="submit" className="button">
              {t('confirmCallEnded')}
            </button>
          </form>
        </div>
      ) : null}
      {consultation.violations.map((v) => (
        <div key={v.id} className="notice notice--error" role="alert">
          <h2>{t('recordingViolationTitle')}</h2>
          <p>{t('recordingViolation', { time: formatDateTime(v.detectedAt, locale).time })}</p>
        </div>
      ))}
      {stopDue ? (
        <div className={`notice ${violation ? 'notice--error' : 'notice--warn'}`} role="alert">
          <h2>{violation ? t('violationTitle') : t('stopDemandedTitle')}</h2>
          <p>
            {violation
              ? t('violation', { time: formatDateTime(decision?.recordingWithdrawnAt ?? decision?.withdrawnAt ?? stopDue, locale).time })
              : t(liveKit ? 'stopDemandedLiveKit' : 'stopDemanded', { time: formatDateTime(stopDue, locale).time })}
          </p>
        </div>
      ) : null}
      {done.success ? (
        <div className="notice notice--ok" role="status">
          <p>
            {done.data === 'scheduled'
              ? ts('done')
              : done.data === 'cancelled'
                ? tx('done')
                : done.data === 'rescheduled' || done.data === 'unchanged'
                  ? trs(done.data === 'rescheduled' ? 'done' : 'unchanged')
                  : t(`done_${done.data}`)}
          </p>
        </div>
      ) : null}
      {consultation.cancelledAt && !(done.success && done.data === 'cancelled') ? (
        <div className="notice notice--warn" role="status">
          <p>{tx('cancelled')}</p>
        </div>
      ) : null}
      {query.denied === 'hand-over' || query.denied === 'hand-over-recording' ? (
        <div className="notice notice--error" role="alert">
          <p>{th(query.denied === 'hand-over' ? 'invalid' : 'recording')}</p>
        </div>
      ) : null}
      {denied.success ? (
        <div className="notice notice--error" role="alert">
          <p>{t('denied', { reason: tr(denied.data) })}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="consent-heading">
        <h2 id="consent-heading">{t('consentHeading')}</h2>
        {/* Updated live: a screen reader hears the new status without moving focus. */}
        <p aria-live="polite">
          <ConsentStatusBadge status={evaluation.status} />
        </p>
        {decision?.afterPasswordLetter ? (
          // Not a badge: the advisor has something to do before the call (docs/decisions/0042).
          <div className="notice notice--warn" data-testid="after-password-letter">
            <h3>{t('afterPasswordLetterTitle')}</h3>
            <p>{t('afterPasswordLetter', { outcome: decision.outcome, requester: decision.afterPasswordLetter })}</p>
            <p>
              <strong>{t('afterPasswordLetterTodo', { outcome: decision.outcome })}</strong>
            </p>
          </div>
        ) : null}
        {decision ? (
          <ul>
            <li>{t('decidedAt', formatDateTime(decision.decidedAt, locale))}</li>
            {decision.outcome === 'GIVEN' ? (
              <>
                <li>{t('choiceTransmission', { answer: yesNo(decision.transmission) })}</li>
                {decision.thirdCountryTransfer !== null ? (
                  <li>{t('choiceThirdCountry', { answer: yesNo(decision.thirdCountryTransfer) })}</li>
                ) : null}
                <li>{t('choiceRecording', { answer: yesNo(decision.recording) })}</li>
              </>
            ) : null}
            {decision.recordingWithdrawnAt ? (
              <li>{t('recordingWithdrawnAt', formatDateTime(decision.recordingWithdrawnAt, locale))}</li>
            ) : null}
            {decision.withdrawnAt ? <li>{t('withdrawnAt', formatDateTime(decision.withdrawnAt, locale))}</li> : null}
            <li>
              {t('disclosureAgreed', {
                service: consultation.videoService.name,
                version: decision.disclosureVersion.version,
                language: decision.language.toUpperCase(),
              })}
            </li>
          </ul>
        ) : (
          <p>{t('noDecision')}</p>
        )}
        <p className="hint">{t('liveHint')}</p>
      </section>

      {evaluation.status === 'refused' && consultation.callbackPhone ? (
        <section className="card" aria-labelledby="callback-heading">
          <h2 id="callback-heading">{t('callbackHeading')}</h2>
          <p>{t('callbackTask', { phone: formatPhone(consultation.callbackPhone) })}</p>
        </section>
      ) : null}

      <section className="card" aria-labelledby="call-heading">
        <h2 id="call-heading">{t('callHeading')}</h2>
        <p data-testid="call-phase">
          {phase === 'not-started'
            ? t('callNotStarted')
            : phase === 'ended' && consultation.callEndedAt
              ? t('callPhase_ended', formatDateTime(consultation.callEndedAt, locale))
              : t(`callPhase_${phase}`, formatDateTime(consultation.callStartedAt!, locale))}
        </p>
        {consultation.roomClosedAt ? <p>{t('roomClosedAt', formatDateTime(consultation.roomClosedAt, locale))}</p> : null}
        {phase === 'running' ? (
          <form action={callEndedAction}>
            <input type="hidden" name="consultationId" value={consultation.id} />
            <button type="submit" className="button button--secondary" aria-describedby="end-call-hint">
              {t('endCallNow')}
            </button>
            <p className="hint spaced" id="end-call-hint">
              {t('endCallHint')}
            </p>
          </form>
        ) : null}
        {phase === 'must-end' ? null : evaluation.call.allowed ? (
          <form method="post" action={`/api/advisor/consultations/${consultation.id}/start`} target="_blank">
            {confirmRecordingOff ? (
              <div className="check">
                <input type="checkbox" id="recordingOff" name="recordingOff" value="yes" required />
                <div>
                  <label htmlFor="recordingOff">{t('recordingOffConfirm', { service: consultation.videoService.name })}</label>
                </div>
              </div>
            ) : null}
            <button type="submit" className="button" aria-describedby="start-call-hint">
              {t('startCall')}
            </button>
            <p className="hint spaced" id="start-call-hint">
              {t('startCallHint')}
            </p>
          </form>
        ) : (
          <p>{t('mayNotStart', { reason: tr(evaluation.call.reason) })}</p>
        )}
      </section>

      <section className="card" aria-labelledby="recording-heading">
        <h2 id="recording-heading">{t('recordingHeading')}</h2>
        <p>{t('recordingState', { state: t(`recording${recording}`) })}</p>
        {!evaluation.recording.allowed && recording !== 'RECORDING' ? (
          <p>{t('mayNotRecord', { reason: tr(evaluation.recording.reason) })}</p>
        ) : null}
        <form action={recordingAction} className="button-row">
          <input type="hidden" name="consultationId" value={consultation.id} />
          {recording === 'RECORDING' ? (
            <button type="submit" name="action" value="stop-recording" className="button">
              {t(liveKit ? 'stopRecordingLiveKit' : 'stopRecording')}
            </button>
          ) : evaluation.recording.allowed && consultation.callStartedAt ? (
            <button
              type="submit"
              name="action"
              value="start-recording"
              className="button button--secondary"
              aria-describedby="start-recording-hint"
            >
              {t(liveKit ? 'startRecordingLiveKit' : 'startRecording')}
            </button>
          ) : null}
        </form>
        {recording !== 'RECORDING' && evaluation.recording.allowed && consultation.callStartedAt ? (
          <p className="hint spaced" id="start-recording-hint">
            {t(liveKit ? 'startRecordingHintLiveKit' : 'startRecordingHint')}
          </p>
        ) : null}
      </section>

      {consultation.cancelledAt ? null : (
        <details className="card" id="reschedule">
          <summary>{trs('heading')}</summary>
          <p>{trs('info')}</p>
          <ScheduleForm
            action={rescheduleAction}
            consultationId={consultation.id}
            initial={{
              topic: consultation.topic,
              ...utcToBerlinFields(consultation.startsAt),
              durationMinutes: String(consultation.durationMinutes),
              videoServiceId: consultation.videoService.id,
            }}
            today={utcToBerlinFields(new Date()).date}
            services={services}
            {...await scheduleFormTexts(trs('submit'))}
          />
        </details>
      )}
      {consultation.cancelledAt ? null : (
        <details className="card" id="hand-over">
          <summary>{th('heading')}</summary>
          <p>{th('info')}</p>
          {colleagues.length === 0 ? (
            <p>{th('none')}</p>
          ) : (
            <form action={handOverAction}>
              <input type="hidden" name="consultationId" value={consultation.id} />
              <div className="field">
                <label htmlFor="colleagueId">{th('colleague')}</label>
                <select id="colleagueId" name="colleagueId">
                  {colleagues.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.displayName}
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button button--secondary">
                {th('submit')}
              </button>
            </form>
          )}
        </details>
      )}
      {consultation.cancelledAt ? null : <CancelConsultation consultationId={consultation.id} action={cancelAction} />}

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timelineHeading')}</h2>
        {timeline.length === 0 ? (
          <p>{t('timelineEmpty')}</p>
        ) : (
          <div className="table-wrap" role="region" aria-labelledby="timeline-heading" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('timelineWhen')}</th>
                  <th scope="col">{t('timelineEvent')}</th>
                  <th scope="col">{t('timelineChain')}</th>
                </tr>
              </thead>
              <tbody>
                {timeline.map((entry) => (
                  <tr key={entry.queueId.toString()}>
                    <td>{tc('dateTime', formatDateTime(entry.recordedAt, locale, { seconds: true }))}</td>
                    <td>{eventLabel(entry.eventType)}</td>
                    <td>{entry.seq === null ? t('timelineQueued') : t('timelineSeq', { seq: entry.seq.toString() })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
