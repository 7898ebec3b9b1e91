'use client';

import { usePathname } from 'next/navigation';

/** `within`: other paths that belong to this section (a consultation's timeline is read from the log). */
export type TNavItem = { href: string; label: string; within?: string[] };

/** An area's sections (compliance, members); the current one is marked for screen readers and by more than colour. */
export function SectionNav({ label, items }: { label: string; items: TNavItem[] }) {
  const pathname = usePathname();
  const current = items
    .flatMap((item) => [item.href, ...(item.within ?? [])].map((prefix) => ({ item, prefix })))
    .filter(({ prefix }) => pathname === prefix || pathname.startsWith(`${prefix}/`))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0]?.item;
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
