import 'server-only';
import { Prisma } from '@/server/db/generated/client';
import { type TLogPersonal, appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT, type TLogEvent } from '@/server/audit-log/event-types';
import type { TDb, TTx } from '@/server/db/client';

/**
 * Repeated denied attempts are summarised per window (docs/decisions/0051): the first per actor, call,
 * reason and window is logged as it happens, the further ones are counted, and the count becomes one entry once the
 * window has closed. One person posting in a loop thus adds one entry per call every ten minutes, not one
 * per post, and every attempt is still in the log, counted.
 */
export const DENIAL_WINDOW_MS = 10 * 60_000;

/** Which entry carries the count of each summarised event. */
const SUMMARY_OF: Partial<Record<TLogEvent, TLogEvent>> = { [LOG_EVENT.joinDenied]: LOG_EVENT.joinDeniedRepeated };

export function denialWindowStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DENIAL_WINDOW_MS) * DENIAL_WINDOW_MS);
}

/**
 * Counts a denied attempt in its window, in the caller's transaction; 'log' if it is the first there (the
 * caller logs it in full), 'counted' if not. One statement, so simultaneous attempts cannot both be first.
 */
export async function countDenial(
  tx: TTx,
  attempt: { eventType: TLogEvent; actorId: string; consultationId: string | null; reason: string; ipPseudonym: string | undefined },
  now = new Date(),
): Promise<'log' | 'counted'> {
  const [row] = await tx.$queryRaw<{ further: number }[]>`
    INSERT INTO denied_attempt_tally (actor_id, event_type, subject, reason, window_start, ip_pseudonym)
    VALUES (${attempt.actorId}::uuid, ${attempt.eventType}, ${attempt.consultationId ?? ''}, ${attempt.reason}, ${denialWindowStart(now)}, ${attempt.ipPseudonym ?? null})
    ON CONFLICT (actor_id, event_type, subject, reason, window_start) DO UPDATE
      SET further = denied_attempt_tally.further + 1,
          first_further_at = COALESCE(denied_attempt_tally.first_further_at, ${now}),
          last_further_at = ${now},
          ip_pseudonym = EXCLUDED.ip_pseudonym
    RETURNING further`;
  return row!.further === 0 ? 'log' : 'counted';
}

type TClosedWindow = {
  actor_id: string;
  event_type: TLogEvent;
  subject: string;
  reason: string;
  further: number;
  first_further_at: Date | null;
  last_further_at: Date | null;
  ip_pseudonym: string | null;
};

/**
 * Turns every closed window's count into its log entry and removes the window, in one transaction: an
 * instance that does the same at the same moment waits for the rows and then finds none. Returns how many
 * summary entries were written.
 */
export async function summariseClosedDenialWindows(prisma: TDb, now = new Date()): Promise<number> {
  const closedBefore = denialWindowStart(now);
  return loggedTransaction(prisma, async (tx) => {
    const closed = await tx.$queryRaw<TClosedWindow[]>(Prisma.sql`
      DELETE FROM denied_attempt_tally WHERE window_start < ${closedBefore}
      RETURNING actor_id::text, event_type, subject, reason, further, first_further_at, last_further_at, ip_pseudonym`);
    let written = 0;
    for (const window of closed) {
      const summary = SUMMARY_OF[window.event_type];
      if (!summary || window.further === 0) continue;
      const personal: TLogPersonal = { actorId: window.actor_id, ipPseudonym: window.ip_pseudonym ?? undefined };
      await appendLogEntry(tx, {
        eventType: summary,
        consultationId: window.subject || null,
        payload: {
          reason: window.reason,
          further: window.further,
          from: window.first_further_at!.toISOString(),
          to: window.last_further_at!.toISOString(),
          channel: 'web',
        },
        personal,
      });
      written += 1;
    }
    return written;
  });
}
