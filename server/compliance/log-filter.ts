import 'server-only';
import { z } from 'zod';
import { LOG_EVENT, type TLogEvent } from '@/server/audit-log/event-types';
import { berlinLocalToUtc } from '@/server/consultation/berlin-time';
import { LETTER_MARKED_EVENTS, ZLetterRequester } from '@/server/consent/letter-mark';

const EVENT_TYPES = Object.values(LOG_EVENT) as [TLogEvent, ...TLogEvent[]];

/** Consent states and enforcement outcomes, each a set of event types. */
export const STATUS_EVENTS = {
  given: [LOG_EVENT.consentGiven],
  refused: [LOG_EVENT.consentRefused],
  withdrawn: [LOG_EVENT.consentWithdrawn, LOG_EVENT.recordingWithdrawn],
  allowed: [LOG_EVENT.joinAllowed, LOG_EVENT.callStartAllowed, LOG_EVENT.recordingStarted],
  denied: [
    LOG_EVENT.joinDenied,
    LOG_EVENT.joinDeniedRepeated,
    LOG_EVENT.callStartDenied,
    LOG_EVENT.recordingStartDenied,
    LOG_EVENT.recordingStopDenied,
  ],
} as const satisfies Record<string, readonly TLogEvent[]>;

export type TStatus = keyof typeof STATUS_EVENTS;
const STATUSES = Object.keys(STATUS_EVENTS) as [TStatus, ...TStatus[]];

/**
 * Decided right after a password letter (docs/decisions/0042): `any` requester, one of them, or `none`
 * (entries without the mark, which is every entry but such decisions).
 */
export const LETTER_FILTER_VALUES = ['any', ...ZLetterRequester.options, 'none'] as const;

// An empty form field means "no filter"; anything else must be valid.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
// Years of this century only: a two-digit year typed as 0026 would otherwise mean 1926.
const day = z
  .string()
  .regex(/^20\d{2}-\d{2}-\d{2}$/)
  .refine((d) => berlinLocalToUtc(d, '00:00') !== null, 'invalid date');
const seqCursor = z
  .string()
  .regex(/^[1-9][0-9]{0,17}$/)
  .transform(BigInt);

/**
 * The explorer's and the export's filter, from the query string: every field optional, every value
 * checked. Days are Berlin calendar days, `to` inclusive.
 */
export const ZLogFilter = z
  .object({
    from: optional(day),
    to: optional(day),
    consultation: optional(z.uuid()),
    advisor: optional(z.uuid()),
    member: optional(z.uuid()),
    event: optional(z.enum(EVENT_TYPES)),
    status: optional(z.enum(STATUSES)),
    service: optional(z.uuid()),
    afterPasswordLetter: optional(z.enum(LETTER_FILTER_VALUES)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'to-before-from' });

export type TLogFilter = z.infer<typeof ZLogFilter>;
export type TLogFilterField = keyof TLogFilter;

export const ZLogPage = z.object({ before: optional(seqCursor), after: optional(seqCursor) });
export type TLogPage = z.infer<typeof ZLogPage>;

/** The query string's first value of each key, as the zod schemas take them. */
export function firstValues(query: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

export function parseLogFilter(query: Record<string, string>) {
  const parsed = ZLogFilter.safeParse(query);
  if (parsed.success) return { ok: true as const, filter: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0]) as TLogFilterField))];
  return { ok: false as const, fields };
}

/**
 * The event types a filter admits; undefined for all, empty when event, status and the password-letter
 * mark exclude each other. Asking for marked entries admits only the events that can carry the mark, so
 * the explorer walks their (event_type, seq) indexes instead of the whole log.
 */
export function admittedEventTypes(filter: TLogFilter): readonly string[] | undefined {
  const letter = filter.afterPasswordLetter;
  const sets: (readonly string[])[] = [];
  if (filter.event) sets.push([filter.event]);
  if (filter.status) sets.push(STATUS_EVENTS[filter.status]);
  if (letter && letter !== 'none') sets.push(LETTER_MARKED_EVENTS);
  if (!sets.length) return undefined;
  return sets.reduce((admitted, set) => admitted.filter((type) => set.includes(type)));
}

/** The filter's time range as instants: from the start of `from` to the end of `to` (Berlin days). */
export function timeRange(filter: TLogFilter): { from?: Date; until?: Date } {
  const range: { from?: Date; until?: Date } = {};
  if (filter.from) range.from = berlinLocalToUtc(filter.from, '00:00')!;
  if (filter.to) {
    const next = new Date(`${filter.to}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    range.until = berlinLocalToUtc(next.toISOString().slice(0, 10), '00:00')!;
  }
  return range;
}

/**
 * The filter as a log payload may hold it: member and advisor ids (which a purge must be able to
 * erase) only as the fact that they were filtered by.
 */
export function filterWithoutPeople(filter: TLogFilter): Record<string, string | boolean> {
  const { member, advisor, ...rest } = filter;
  return { ...filterQuery(rest), ...(member ? { byMember: true } : {}), ...(advisor ? { byAdvisor: true } : {}) };
}

/** The filter as query-string pairs, for links to other pages of the same search. */
export function filterQuery(filter: TLogFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries<string | undefined>(filter)) if (value !== undefined) out[key] = value;
  return out;
}
