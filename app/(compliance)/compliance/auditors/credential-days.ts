import { formatDay } from '@/components/format-time';

/**
 * A credential's days as the officer chose them: the first and the last day of its entries and its last
 * valid day. The stored ends are exclusive (the start of the next Berlin day), so the instant before each
 * falls on the day chosen.
 */
export function credentialDays(c: { entriesFrom: Date; entriesUntil: Date; expiresAt: Date }, locale: string) {
  const before = (end: Date) => new Date(end.getTime() - 1);
  return {
    from: formatDay(c.entriesFrom, locale),
    until: formatDay(before(c.entriesUntil), locale),
    validUntil: formatDay(before(c.expiresAt), locale),
  };
}
