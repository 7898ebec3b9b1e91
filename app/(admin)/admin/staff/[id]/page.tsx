import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { STAFF_KINDS } from '@/server/auth/admin-actor';
import { getStaffAccount } from '@/server/admin/list-staff';
import { ZAccountId } from '@/server/admin/staff-input';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { changeRoleAction, resetSecondFactorAction, unlockAction } from '../../actions';
import { StaffStatus } from '../../staff-status';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('title') };
}

const ERRORS = [
  'self',
  'lastAdmin',
  'unchanged',
  'deactivated',
  'already',
  'confirmRequired',
  'resetConfirmRequired',
  'openConsultations',
] as const;
/** The checkbox each missing confirmation belongs to: the message links there, and the box names the message. */
const ERROR_FIELD: Partial<Record<(typeof ERRORS)[number], string>> = {
  confirmRequired: 'role-confirm',
  resetConfirmRequired: 'second-factor-confirm',
};
const count = (value: unknown) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : null);

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StaffAccountPage({ params, searchParams }: TProps) {
  const actor = await requireActor(['ADMIN']);
  const id = ZAccountId.safeParse((await params).id);
  if (!id.success) notFound();
  const account = await getStaffAccount(await db(), actor, id.data);
  if (!account) notFound();
  const query = await searchParams;
  const t = await getTranslations('admin');
  const locale = await getLocale();
  const error = ERRORS.find((e) => e === query.error);
  const roleChanged = count(query.roleChanged);
  const deactivated = count(query.deactivated);
  const unlocked = count(query.unlocked);
  const secondFactorReset = query.secondFactorReset === '1';
  const self = account.id === actor.id;
  return (
    <>
      <h1>{account.displayName}</h1>
      <p>
        {t('detailIntro', { login: account.loginName, date: formatWhen(account.createdAt, locale) })} · {t(`role_${account.kind}`)} ·{' '}
        <StaffStatus status={account.status} />
      </p>
      {error ? (
        <div className="notice notice--error" role="alert">
          <p id="staff-error">
            {ERROR_FIELD[error] ? <a href={`#${ERROR_FIELD[error]}`}>{t(`errors.${error}`)}</a> : t(`errors.${error}`)}
          </p>
        </div>
      ) : null}
      {roleChanged !== null ? (
        <div className="notice notice--ok" role="status">
          <p>{t('roleChanged', { count: roleChanged })}</p>
        </div>
      ) : null}
      {deactivated !== null ? (
        <div className="notice notice--ok" role="status">
          <p>{t('deactivated', { count: deactivated })}</p>
        </div>
      ) : null}
      {unlocked !== null ? (
        <div className="notice notice--ok" role="status">
          <p>{t('unlocked', { count: unlocked })}</p>
        </div>
      ) : null}
      {secondFactorReset ? (
        <div className="notice notice--ok" role="status">
          <p>{t('secondFactorWasReset')}</p>
        </div>
      ) : null}

      {account.deactivatedAt ? <p>{t('deactivatedAt', { date: formatWhen(account.deactivatedAt, locale) })}</p> : null}

      {/* A leaver's consultations, for colleagues to take over; before leaving, the confirmation page warns. */}
      {account.deactivatedAt && account.consultations.length > 0 ? (
        <section aria-labelledby="consultations-heading">
          <h2 id="consultations-heading">{t('consultationsTitle')}</h2>
          <p>{t('consultationsIntro')}</p>
          <div className="table-wrap" role="region" aria-labelledby="consultations-heading" tabIndex={0}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('consultationWhen')}</th>
                  <th scope="col">{t('consultationRef')}</th>
                </tr>
              </thead>
              <tbody>
                {account.consultations.map((c) => (
                  <tr key={c.id}>
                    <td>{formatWhen(c.startsAt, locale)}</td>
                    <td>
                      <code className="hash">{c.id}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {account.status === 'locked' ? (
        <form action={unlockAction} className="button-row">
          <input type="hidden" name="login" value={account.loginName} />
          <input type="hidden" name="accountId" value={account.id} />
          <button type="submit" className="button">
            {t('unlockThis')}
          </button>
        </form>
      ) : null}

      {!account.deactivatedAt && !self ? (
        <>
          <section className="card" aria-labelledby="role-heading">
            <h2 id="role-heading">{t('roleTitle')}</h2>
            <p id="role-hint">{t('roleHint')}</p>
            <form action={changeRoleAction}>
              <input type="hidden" name="accountId" value={account.id} />
              <fieldset aria-describedby="role-hint">
                <legend>{t('fieldRole')}</legend>
                {STAFF_KINDS.map((kind, i) => (
                  <div className="check" key={kind}>
                    <input
                      type="radio"
                      id={i === 0 ? 'kind' : `kind-${kind}`}
                      name="kind"
                      value={kind}
                      defaultChecked={kind === account.kind}
                    />
                    <label htmlFor={i === 0 ? 'kind' : `kind-${kind}`}>{t(`role_${kind}`)}</label>
                  </div>
                ))}
              </fieldset>
              <div className="check">
                <input
                  type="checkbox"
                  id="role-confirm"
                  name="confirm"
                  value="yes"
                  aria-invalid={error === 'confirmRequired' ? true : undefined}
                  aria-describedby={error === 'confirmRequired' ? 'staff-error' : undefined}
                />
                <label htmlFor="role-confirm">{t('roleConfirm')}</label>
              </div>
              <div className="button-row">
                <button type="submit" className="button">
                  {t('roleSubmit')}
                </button>
              </div>
            </form>
          </section>
          <section className="card" aria-labelledby="second-factor-heading">
            <h2 id="second-factor-heading">{t('secondFactorTitle')}</h2>
            <p>
              {account.secondFactor?.confirmedAt
                ? t('secondFactorSetUp', { date: formatWhen(account.secondFactor.confirmedAt, locale) })
                : t('secondFactorNone')}
            </p>
            {account.secondFactor ? (
              <form action={resetSecondFactorAction}>
                <input type="hidden" name="accountId" value={account.id} />
                <p id="second-factor-hint">{t('secondFactorResetHint')}</p>
                <div className="check">
                  <input
                    type="checkbox"
                    id="second-factor-confirm"
                    name="confirm"
                    value="yes"
                    aria-invalid={error === 'resetConfirmRequired' ? true : undefined}
                    aria-describedby={error === 'resetConfirmRequired' ? 'second-factor-hint staff-error' : 'second-factor-hint'}
                  />
                  <label htmlFor="second-factor-confirm">{t('secondFactorResetConfirm')}</label>
                </div>
                <div className="button-row">
                  <button type="submit" className="button button--secondary">
                    {t('secondFactorResetSubmit')}
                  </button>
                </div>
              </form>
            ) : null}
          </section>
          <section className="card" aria-labelledby="deactivate-heading">
            <h2 id="deactivate-heading">{t('deactivateTitle')}</h2>
            <p>{t('deactivateIntro')}</p>
            <p>
              <a className="button button--secondary" href={`/admin/staff/${account.id}/deactivate`}>
                {t('deactivateLink')}
              </a>
            </p>
          </section>
        </>
      ) : null}
      <p>
        <a href="/admin">{t('backToList')}</a>
      </p>
    </>
  );
}
