import { formatCompact, formatWhen } from '@/components/format-time';

/** A date in a table cell: compact to scan, the whole date (with its zone) as the machine-readable value and the title. */
export function CompactTime({ value, locale, now, seconds }: { value: Date; locale: string; now: Date; seconds?: boolean }) {
  return (
    <time dateTime={value.toISOString()} title={formatWhen(value, locale, { seconds })}>
      {formatCompact(value, locale, now, { seconds })}
    </time>
  );
}
