import type { ReactNode } from 'react';
import { SectionNav, type TNavItem } from '@/components/section-nav';

/** A staff area's frame: the screen's width for people who work in tables all day (0066) and the area's sections. */
export function StaffArea({ label, items, children }: { label: string; items: TNavItem[]; children: ReactNode }) {
  return (
    <div className="workspace">
      <SectionNav label={label} items={items} />
      {children}
    </div>
  );
}
