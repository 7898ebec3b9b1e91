import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { getActor } from '@/server/auth/current-actor';
import { StaffArea } from '@/components/staff-area';

// Layouts never authorize (every page and action checks the role itself); this one only shows the
// area's navigation, and only to compliance officers, so nobody else learns what the area holds.
export default async function ComplianceLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (actor?.kind !== 'COMPLIANCE') return children;
  const t = await getTranslations('complianceNav');
  const items = [
    { href: '/compliance', label: t('overview') },
    { href: '/compliance/log', label: t('log'), within: ['/compliance/consultations'] },
    { href: '/compliance/exports', label: t('exports') },
    { href: '/compliance/violations', label: t('violations') },
    { href: '/compliance/disclosures', label: t('disclosures') },
    { href: '/compliance/services', label: t('services') },
    { href: '/compliance/auditors', label: t('auditors') },
  ];
  return (
    <StaffArea label={t('label')} items={items}>
      {children}
    </StaffArea>
  );
}
