import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { enrolmentKey, secondFactorStatus } from '@/server/auth/second-factor/enrolment';
import { SECOND_FACTOR_KINDS, SECOND_FACTOR_REQUIRED_KINDS, SETUP_GRACE_DAYS } from '@/server/auth/second-factor/policy';
import { groupedKey, otpauthUri } from '@/server/auth/second-factor/totp';
import { postponeSetupAction } from './actions';
import { QrCode } from './qr-code';
import { SecondFactorForms } from './second-factor-forms';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('secondFactor'))('manageTitle') };
}

const ISSUER = 'Beratungsportal';

/**
 * Staff only (404 for members). Without a second factor: setup, the one page a restricted session
 * opens (docs/decisions/0040). With one: its state and new recovery codes.
 */
export default async function SecondFactorPage() {
  const actor = await requireActor(SECOND_FACTOR_KINDS, { allowSecondFactorSetup: true });
  const locale = await getLocale();
  const t = await getTranslations('secondFactor');
  const tc = await getTranslations('common');
  const status = (await secondFactorStatus(actor))!;
  const key = status.enrolled ? null : await enrolmentKey(actor);
  const labels = {
    code: t('code'),
    codeHint: t('codeHint'),
    submit: key === null ? t('regenerateSubmit') : t('confirmSubmit'),
    errorTitle: tc('errorSummaryTitle'),
    codesTitle: t('codesTitle'),
    codesWarning: t('codesWarning'),
    codesListLabel: t('codesListLabel'),
    codesContinue: t('codesContinue'),
  };
  const loginName = status.loginName;
  const required = SECOND_FACTOR_REQUIRED_KINDS.includes(actor.kind);
  const setup = !status.enrolled && key !== null;

  // The same shape in both modes (intro, forms, outro), so that without JavaScript the forms' answer
  // finds its component again although the page has switched from setup to manage.
  return (
    <div className="card second-factor">
      {setup ? (
        <div>
          <h1>{t('setupTitle')}</h1>
          <p className="lead">{t('setupIntro')}</p>
          {required ? <p className="notice notice--warn">{t('setupRequired')}</p> : null}
          {!required && !status.mayPostpone ? <p className="notice notice--warn">{t('setupRequiredNow')}</p> : null}
        </div>
      ) : (
        <div>
          <h1>{t('manageTitle')}</h1>
          <p>{t('enrolledSince', { date: status.confirmedAt ? formatDateTime(status.confirmedAt, locale).date : '' })}</p>
          <p>{t('codesLeft', { count: status.recoveryCodesLeft })}</p>
          <h2>{t('regenerateTitle')}</h2>
          <p>{t('regenerateText')}</p>
        </div>
      )}
      <SecondFactorForms
        key="second-factor"
        mode={setup ? 'setup' : 'manage'}
        labels={labels}
        after={
          setup && status.mayPostpone ? (
            <section aria-labelledby="postpone-title" className="spaced">
              <h2 id="postpone-title">{t('postponeTitle')}</h2>
              <p>
                {status.graceUntil
                  ? t('postponeText', { date: formatDateTime(status.graceUntil, locale).date })
                  : t('postponeFirstText', { days: SETUP_GRACE_DAYS })}
              </p>
              <form action={postponeSetupAction}>
                <button type="submit" className="button button--secondary">
                  {t('postponeSubmit')}
                </button>
              </form>
            </section>
          ) : setup ? null : (
            <p className="muted spaced">{t('lostPhone')}</p>
          )
        }
      >
        {setup ? (
          <ol className="setup-steps">
            <li>{t('step1')}</li>
            <li>
              {t('step2')}
              <div className="qr-code-wrap">
                <QrCode text={otpauthUri({ issuer: ISSUER, accountName: loginName, secretBase32: key })} label={t('qrLabel')} />
              </div>
              <p className="label" id="totp-key-label">
                {t('keyLabel')}
              </p>
              <p>
                <code className="totp-key" aria-labelledby="totp-key-label" data-testid="totp-key">
                  {groupedKey(key)}
                </code>
              </p>
              <p className="hint">{t('keyHint', { account: loginName })}</p>
            </li>
            <li>{t('step3')}</li>
          </ol>
        ) : null}
      </SecondFactorForms>
    </div>
  );
}
