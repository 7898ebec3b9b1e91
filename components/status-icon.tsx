// Small line icons for status badges, drawn here (no icon font, no third-party set): each badge also says
// its status in words, so the icon is decoration (aria-hidden) and the colour only repeats both.
import type { ReactNode } from 'react';

export type TStatusIcon = 'check' | 'cross' | 'warning' | 'clock' | 'phone';

const SHAPES: Record<TStatusIcon, ReactNode> = {
  check: <polyline points="3,8.5 6.5,12 13,4.5" />,
  cross: (
    <>
      <line x1="4" y1="4" x2="12" y2="12" />
      <line x1="12" y1="4" x2="4" y2="12" />
    </>
  ),
  warning: (
    <>
      <path d="M8 1.8 L14.8 14 H1.2 Z" />
      <line x1="8" y1="6" x2="8" y2="9.5" />
      <line x1="8" y1="11.6" x2="8" y2="11.8" />
    </>
  ),
  clock: (
    <>
      <circle cx="8" cy="8" r="6.2" />
      <polyline points="8,4.5 8,8 10.8,9.6" />
    </>
  ),
  phone: (
    <>
      <rect x="4.5" y="1.5" width="7" height="13" rx="1.5" />
      <line x1="7" y1="12.2" x2="9" y2="12.2" />
    </>
  ),
};

export function StatusIcon({ icon }: { icon: TStatusIcon }) {
  return (
    <svg
      className="status-icon"
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {SHAPES[icon]}
    </svg>
  );
}
