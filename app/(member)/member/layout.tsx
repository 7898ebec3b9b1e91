import type { ReactNode } from 'react';
import { getTranslations } from 'next-intl/server';
import { SectionNav } from '@/components/section-nav';
import { MEMBER_KINDS, getActor } from '@/server/auth/current-actor';

// Layouts never authorize (every page and action checks the role itself); this one only shows the
// members' navigation, and only to members and employers.
export default async function MemberLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  if (!actor || !MEMBER_KINDS.includes(actor.kind)) return children;
  const t = await getTranslations('history');
  const items = [
    { href: '/member', label: t('navAppointments') },
    { href: '/member/consents', label: t('navConsents') },
  ];
  return (
    <>
      <SectionNav label={t('navLabel')} items={items} />
      {children}
    </>
  );
}
