import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { CancelConsultation } from '@/components/cancel-consultation';
import { ConsentStatusBadge } from '@/components/consent-status-badge';
import { DisclosureCard } from '@/components/disclosure-card';
import { DisclosureDiff } from '@/components/disclosure-diff';
import { formatDateTime } from '@/components/format-time';
import { ServiceFactsCard } from '@/components/service-facts-card';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { consentStatements } from '@/server/consent-rules/consent-terms';
import { decisionErrorsForForm, decisionErrorsFromQuery } from '@/server/consent/decision-errors';
import { servedTokenFor } from '@/server/consent/served-token';
import { disclosureInLanguage, getMemberConsultation } from '@/server/consultation/member-consultation';
import { disclosureChangeSince } from '@/server/disclosure/disclosure-change';
import { db } from '@/server/db/client';
import { latestReceiptQueueId } from '@/server/receipts/latest-receipt';
import { cancelAction, withdrawAction } from './actions';
import { ConsentForm } from './consent-form';
import { formatPhone } from '@/components/format-phone';
import { TopicText, consultationTitle } from '@/components/topic-text';

type TParams = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const SAVED_MESSAGES = {
  given: 'savedGiven',
  refused: 'savedRefused',
  withdrawn: 'savedWithdrawn',
  'recording-withdrawn': 'savedRecordingWithdrawn',
  nothing: 'nothingToWithdraw',
} as const;

async function loadForActor(id: string, locale: string) {
  const actor = await requireActor(MEMBER_KINDS);
  const consultation = await getMemberConsultation(await db(), actor, id, locale);
  if (!consultation) notFound();
  return { actor, consultation };
}

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const locale = await getLocale();
  const { consultation } = await loadForActor((await params).id, locale);
  return { title: await consultationTitle(consultation, locale) };
}

export default async function ConsultationPage({ params, searchParams }: TParams) {
  const { id } = await params;
  const query = await searchParams;
  const locale = await getLocale();
  const { actor, consultation } = await loadForActor(id, locale);
  const t = await getTranslations('consultation');
  const tc = await getTranslations('common');
  const tcon = await getTranslations('consent');
  const tx = await getTranslations('cancel');
  const tr = await getTranslations('receipt');

  const { status } = consultation.evaluation;
  const service = consultation.videoService;
  const thirdCountry = service.processingRegion === 'THIRD_COUNTRY';
  const statements = consentStatements(locale, service, actor.kind);
  const when = formatDateTime(consultation.startsAt, locale);
  const decision = consultation.decision;
  const receiptQueueId = await latestReceiptQueueId(await db(), actor, consultation.id);
  const mustDecide = status === 'unanswered' || status === 'outdated' || status === 'service-changed';
  const mayDecideAgain = status === 'refused' || status === 'withdrawn';
  const disclosure = mustDecide || mayDecideAgain ? await disclosureInLanguage(await db(), consultation, locale) : null;
  // A consent to an older version: the member sees what changed before reading the new text in full.
  const change = status === 'outdated' && decision ? await disclosureChangeSince(await db(), actor, decision.id) : null;
  const saved =
    typeof query.saved === 'string' && query.saved in SAVED_MESSAGES ? SAVED_MESSAGES[query.saved as keyof typeof SAVED_MESSAGES] : null;

  const form = disclosure ? (
    <ConsentForm
      consultationId={consultation.id}
      servedToken={servedTokenFor({ disclosure, language: locale, member: actor, consultationId: consultation.id, service })}
      thirdCountry={thirdCountry}
      canRecord={service.canRecord}
      offerRefusal={status !== 'refused'}
      initialErrors={decisionErrorsForForm(decisionErrorsFromQuery(query.error), (code) => tcon(`errors.${code}`))}
      labels={{
        // Beside the status card's "Your decision": after a refusal or withdrawal the form is a new one.
        heading: tcon(mayDecideAgain ? 'formHeadingAgain' : 'formHeading'),
        voluntary: tcon('voluntary'),
        withdrawHint: tcon('withdrawHint'),
        transmissionLegend: tcon('transmissionLegend'),
        transmission: statements.transmission,
        thirdCountry: statements.thirdCountryTransfer ?? '',
        recordingLegend: tcon('recordingLegend'),
        recording: statements.recording ?? '',
        recordingHint: tcon('recordingHint'),
        recordingUnavailable: tcon('recordingUnavailable'),
        consent: tcon('consent'),
        refuse: tcon('refuse'),
        refuseHint: tcon('refuseHint'),
        phoneLabel: tcon('phoneLabel'),
        phoneHint: tcon('phoneHint'),
        errorTitle: tc('errorSummaryTitle'),
      }}
    />
  ) : null;

  const disclosureBlock = disclosure ? (
    <>
      <DisclosureCard disclosure={disclosure} publishedAt={disclosure.publishedAt} locale={locale} />
      <p>
        <a href="/leichte-sprache">{tc('easyReadLink')}</a>
      </p>
    </>
  ) : null;

  const header = (
    <>
      <p>
        <a href="/member">{tc('back')}</a>
      </p>
      <h1>
        <TopicText topic={consultation.topic} locale={locale} />
      </h1>
      <p className="lead">
        {t('meta', { date: when.date, time: when.time, duration: consultation.durationMinutes, advisor: consultation.advisor.displayName })}
      </p>
    </>
  );
  if (consultation.cancelledAt) {
    // Nothing to decide, join or withdraw any more: the consent in force no longer opens anything.
    return (
      <>
        {header}
        <div className="notice notice--warn" role="status">
          <p>{tx('cancelled')}</p>
        </div>
      </>
    );
  }

  return (
    <>
      {header}

      {saved ? (
        <div className={`notice ${saved === 'nothingToWithdraw' ? '' : 'notice--ok'}`} role="status">
          <p>{t(saved)}</p>
          {/* What happens to a running call, exactly as the gateway does it (docs/decisions/0065). */}
          {saved === 'savedWithdrawn' ? (
            <p>{t(consultation.videoService.access === 'LIVEKIT' ? 'savedWithdrawnCallLiveKit' : 'savedWithdrawnCall')}</p>
          ) : null}
        </div>
      ) : null}
      {query.changed && disclosure ? (
        <div className="notice notice--warn" role="alert">
          <p>{t('changedNotice')}</p>
        </div>
      ) : null}
      {!query.changed && status === 'outdated' ? (
        <div className="notice notice--warn">
          <p>{t('outdatedNotice')}</p>
        </div>
      ) : null}
      {status === 'service-changed' ? (
        <div className="notice notice--warn">
          <p>{t('serviceChangedNotice')}</p>
        </div>
      ) : null}

      {receiptQueueId ? (
        <p>
          <a href={`/member/receipts/${receiptQueueId}`} aria-describedby="receipt-link-hint">
            {tr('link')}
          </a>{' '}
          <span className="hint" id="receipt-link-hint">
            {tr('linkHint')}
          </span>
        </p>
      ) : null}
      <ServiceFactsCard service={service} locale={locale} />

      {mustDecide ? (
        <>
          {change ? <DisclosureDiff change={change} /> : null}
          {disclosureBlock}
          {form}
        </>
      ) : (
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading">{t('statusHeading')}</h2>
          <p>
            <ConsentStatusBadge status={status} />
          </p>
          {decision ? (
            <ul>
              <li>{t('decidedAt', formatDateTime(decision.decidedAt, locale))}</li>
              {decision.outcome === 'GIVEN' ? (
                <>
                  <li>{t(actor.kind === 'EMPLOYER' ? 'transmissionYesEmployer' : 'transmissionYes', { service: service.name })}</li>
                  {decision.thirdCountryTransfer ? <li>{t('thirdCountryYes')}</li> : null}
                  <li>{decision.recording && !decision.recordingWithdrawnAt ? t('recordingYes') : t('recordingNo')}</li>
                </>
              ) : null}
              {decision.recordingWithdrawnAt ? (
                <li>{t('recordingWithdrawnAt', formatDateTime(decision.recordingWithdrawnAt, locale))}</li>
              ) : null}
              {decision.withdrawnAt ? <li>{t('withdrawnAt', formatDateTime(decision.withdrawnAt, locale))}</li> : null}
              <li>{t('disclosureAgreed', { version: decision.disclosureVersion.version })}</li>
            </ul>
          ) : null}
          {status === 'refused' ? (
            <p>{consultation.callbackPhone ? t('phoneInfoNumber', { phone: formatPhone(consultation.callbackPhone) }) : t('phoneInfo')}</p>
          ) : null}
        </section>
      )}

      {consultation.evaluation.call.allowed ? (
        <>
          <section className="card" aria-labelledby="join-heading">
            <h2 id="join-heading">{t('joinHeading')}</h2>
            <form method="post" action={`/api/consultations/${consultation.id}/join`} target="_blank">
              <button type="submit" className="button" aria-describedby="join-hint">
                {t('join')}
              </button>
            </form>
            <p className="hint spaced" id="join-hint">
              {t('joinHint')}
            </p>
          </section>
          <section className="card" aria-labelledby="withdraw-heading">
            <h2 id="withdraw-heading">{t('withdrawHeading')}</h2>
            <p>{t('withdrawInfo')}</p>
            <form action={withdrawAction} className="button-row">
              <input type="hidden" name="consultationId" value={consultation.id} />
              <button type="submit" name="scope" value="all" className="button button--secondary">
                {t('withdrawAll')}
              </button>
              {status === 'given-with-recording' ? (
                <button type="submit" name="scope" value="recording" className="button button--secondary">
                  {t('withdrawRecording')}
                </button>
              ) : null}
            </form>
          </section>
        </>
      ) : null}

      {mayDecideAgain && disclosure ? (
        <section aria-labelledby="decide-again-heading">
          <h2 id="decide-again-heading">{t('decideAgain')}</h2>
          <p>{t('decideAgainIntro')}</p>
          {disclosureBlock}
          {form}
        </section>
      ) : null}
      <CancelConsultation consultationId={consultation.id} action={cancelAction} />
    </>
  );
}
