import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { StaffArea } from '@/components/staff-area';
import { getActor } from '@/server/auth/current-actor';

// Layouts never authorize (every page and action checks the role itself); this one only shows the
// area's navigation, and only to advisors.
export default async function AdvisorLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (actor?.kind !== 'ADVISOR' || actor.mustChangePassword) return children;
  const t = await getTranslations('advisorNav');
  const items = [
    { href: '/advisor', label: t('consultations') },
    { href: '/advisor/consultations/new', label: t('newConsultation') },
    { href: '/advisor/password-letter', label: t('letter') },
  ];
  return (
    <StaffArea label={t('label')} items={items}>
      {children}
    </StaffArea>
  );
}
