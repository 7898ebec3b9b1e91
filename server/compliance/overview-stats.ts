import 'server-only';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { STATUS_EVENTS } from '@/server/compliance/log-filter';
import type { TDb } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import { TIME_ZONE } from '@/i18n/locales';

export const OVERVIEW_DAYS = 30;

export type TDayFigures = {
  day: string;
  given: number;
  refused: number;
  withdrawn: number;
  withRecording: number;
  denied: number;
  violations: number;
};

const VIOLATION_EVENTS = [LOG_EVENT.recordingViolation, LOG_EVENT.stopNotConfirmed, LOG_EVENT.callNotEnded];
const COUNTED = [
  ...STATUS_EVENTS.given,
  ...STATUS_EVENTS.refused,
  ...STATUS_EVENTS.withdrawn,
  ...STATUS_EVENTS.denied,
  ...VIOLATION_EVENTS,
];

function berlinDay(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(instant);
}

/**
 * Per Berlin calendar day over the last `days` days (today included, days without entries as zeros),
 * optionally for one video service: decisions, consents with recording, denied attempts, violations.
 * Counts only; compliance only.
 */
export async function overviewStats(prisma: TDb, actor: TActor, options: { serviceId?: string; days?: number; now?: Date } = {}) {
  if (actor.kind !== 'COMPLIANCE') return null;
  const days = options.days ?? OVERVIEW_DAYS;
  const now = options.now ?? new Date();
  const list: string[] = [];
  for (let i = days - 1; i >= 0; i--) list.push(berlinDay(new Date(now.getTime() - i * 86_400_000)));
  // A day and a half of slack before the first day's start covers any zone offset; the grouping is exact.
  const since = new Date(now.getTime() - (days + 1.5) * 86_400_000);
  const inList = (types: readonly string[]) => Prisma.join(types.map((t) => Prisma.sql`${t}`));
  const service = options.serviceId ? Prisma.sql`AND f.video_service_id = ${options.serviceId}::uuid` : Prisma.empty;
  const rows = await prisma.$queryRaw<
    { day: string; given: number; refused: number; withdrawn: number; with_recording: number; denied: number; violations: number }[]
  >`
    SELECT to_char(e.recorded_at AT TIME ZONE ${TIME_ZONE}, 'YYYY-MM-DD') AS day,
           count(*) FILTER (WHERE e.event_type IN (${inList(STATUS_EVENTS.given)}))::int AS given,
           count(*) FILTER (WHERE e.event_type IN (${inList(STATUS_EVENTS.refused)}))::int AS refused,
           count(*) FILTER (WHERE e.event_type IN (${inList(STATUS_EVENTS.withdrawn)}))::int AS withdrawn,
           count(*) FILTER (WHERE e.event_type IN (${inList(STATUS_EVENTS.given)}) AND e.payload->'choices'->>'recording' = 'true')::int AS with_recording,
           -- A summary of repeated denials (0051) stands for the attempts it counts.
           (count(*) FILTER (WHERE e.event_type IN (${inList(STATUS_EVENTS.denied)}) AND e.event_type <> ${LOG_EVENT.joinDeniedRepeated})
            + coalesce(sum((e.payload->>'further')::int) FILTER (WHERE e.event_type = ${LOG_EVENT.joinDeniedRepeated}), 0))::int AS denied,
           count(*) FILTER (WHERE e.event_type IN (${inList(VIOLATION_EVENTS)}))::int AS violations
      FROM consent_log e ${options.serviceId ? Prisma.sql`JOIN consent_log_facet f ON f.seq = e.seq` : Prisma.empty}
     WHERE e.recorded_at >= ${since} AND e.event_type IN (${inList(COUNTED)}) ${service}
     GROUP BY 1`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const figures: TDayFigures[] = list.map((day) => {
    const r = byDay.get(day);
    return {
      day,
      given: r?.given ?? 0,
      refused: r?.refused ?? 0,
      withdrawn: r?.withdrawn ?? 0,
      withRecording: r?.with_recording ?? 0,
      denied: r?.denied ?? 0,
      violations: r?.violations ?? 0,
    };
  });
  const total = (key: keyof Omit<TDayFigures, 'day'>) => figures.reduce((sum, f) => sum + f[key], 0);
  return {
    days: figures,
    totals: {
      given: total('given'),
      refused: total('refused'),
      withdrawn: total('withdrawn'),
      withRecording: total('withRecording'),
      denied: total('denied'),
      violations: total('violations'),
    },
  };
}
