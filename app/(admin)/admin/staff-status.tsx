import { getTranslations } from 'next-intl/server';
import type { TStaffStatus } from '@/server/admin/list-staff';

const CLASS: Record<TStaffStatus, string> = {
  active: 'status status--ok',
  deactivated: 'status status--bad',
  locked: 'status status--warn',
};

/** The account's status in words (never by colour alone). */
export async function StaffStatus({ status }: { status: TStaffStatus }) {
  const t = await getTranslations('admin');
  return <span className={CLASS[status]}>{t(`status_${status}`)}</span>;
}
