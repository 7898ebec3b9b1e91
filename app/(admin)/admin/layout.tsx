import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { StaffArea } from '@/components/staff-area';
import { getActor } from '@/server/auth/current-actor';

// Layouts never authorize (every page and action checks the role itself); this one only shows the
// area's navigation, and only to administrators.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (actor?.kind !== 'ADMIN' || actor.mustChangePassword) return children;
  const t = await getTranslations('admin.nav');
  const items = [
    { href: '/admin', label: t('staff') },
    { href: '/admin/staff/new', label: t('newStaff') },
    { href: '/admin/password-letter', label: t('letter') },
    { href: '/admin/print-credentials', label: t('printSystem') },
  ];
  return (
    <StaffArea label={t('label')} items={items}>
      {children}
    </StaffArea>
  );
}
