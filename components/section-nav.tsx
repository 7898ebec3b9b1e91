'use client';

import { usePathname } from 'next/navigation';

export type TNavItem = { href: string; label: string };

/** An area's sections (compliance, members); the current one is marked for screen readers and by more than colour. */
export function SectionNav({ label, items }: { label: string; items: TNavItem[] }) {
  const pathname = usePathname();
  const current = items
    .filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav className="section-nav" aria-label={label}>
      <ul>
        {items.map((item) => (
          <li key={item.href}>
            <a href={item.href} aria-current={item === current ? 'page' : undefined}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
