import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { listStaff } from '@/server/admin/list-staff';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { StaffStatus } from './staff-status';
import { UnlockForm } from './unlock-form';
import { FailedSignInsNotice } from '@/components/failed-sign-ins-notice';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('title') };
}

type TSearch = Promise<Record<string, string | string[] | undefined>>;

export default async function AdminHome({ searchParams }: { searchParams: TSearch }) {
  const actor = await requireActor(['ADMIN']);
  const query = await searchParams;
  const t = await getTranslations('admin');
  const staff = await listStaff(await db(), actor);
  const unlocked = typeof query.unlocked === 'string' && /^\d+$/.test(query.unlocked) ? Number(query.unlocked) : null;
  const unlockError = query.unlockError === 'notFound' || query.unlockError === 'loginRequired' ? query.unlockError : null;
  return (
    <>
      <h1 id="staff-heading">{t('title')}</h1>
      <FailedSignInsNotice actor={actor} />
      <p>{t('intro')}</p>
      {unlocked !== null ? (
        <div className="notice notice--ok" role="status">
          <p>{t('unlocked', { count: unlocked })}</p>
        </div>
      ) : null}
      <div className="table-wrap" role="region" aria-labelledby="staff-heading" tabIndex={0}>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('login')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('manage')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.displayName}</th>
                <td>{row.loginName}</td>
                <td>{t(`role_${row.kind}`)}</td>
                <td>
                  <StaffStatus status={row.status} />
                  {row.mustChangePassword && row.status !== 'deactivated' ? <div className="muted">{t('initialPending')}</div> : null}
                  {row.status === 'deactivated' && row.openConsultations > 0 ? (
                    <div className="muted">{t('openConsultations', { count: row.openConsultations })}</div>
                  ) : null}
                </td>
                <td>
                  <a href={`/admin/staff/${row.id}`} aria-label={t('manageLabel', { name: row.displayName })}>
                    {t('manage')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <UnlockForm error={unlockError} />
    </>
  );
}
