import 'server-only';
import { Prisma } from '@/server/db/generated/client';

// When a record of each type has expired: every time it carries is before the cut-off, so an old row
// that saw activity lately (a consent withdrawn, a session used) stays. Shared by counting and erasing,
// so the purge entry's counts and what goes are the same rows.

const at = (cutoff: Date) => Prisma.sql`${cutoff.toISOString()}::timestamptz`;

/** Log entries (alias e) whose personal row may go: only entries already in the chain. */
export function logEntryExpired(cutoff: Date): Prisma.Sql {
  return Prisma.sql`e.recorded_at < ${at(cutoff)}`;
}

/** A consultation (alias c) with everything about it: its decisions and violations too. */
export function consultationExpired(cutoff: Date): Prisma.Sql {
  const before = at(cutoff);
  return Prisma.sql`c.starts_at < ${before}
    AND GREATEST(c.starts_at, c.created_at, c.cancelled_at, c.call_started_at, c.recording_changed_at, c.room_closed_at) < ${before}
    AND NOT EXISTS (SELECT 1 FROM consent_decision d WHERE d.consultation_id = c.id
                     AND GREATEST(d.served_at, d.decided_at, d.withdrawn_at, d.recording_withdrawn_at) >= ${before})
    AND NOT EXISTS (SELECT 1 FROM violation v WHERE v.consultation_id = c.id AND v.detected_at >= ${before})`;
}

/** A consultation (alias c) whose callback number is no longer needed: the phone call was due before the cut-off. */
export function callbackPhoneExpired(cutoff: Date): Prisma.Sql {
  return Prisma.sql`c.callback_phone IS NOT NULL AND c.starts_at < ${at(cutoff)}`;
}

/** Rows of the simple types, deleted whole: table and the condition on its own columns. */
export const SIMPLE_ROWS = {
  sessions: {
    table: Prisma.raw('session'),
    expired: (cutoff: Date) => Prisma.sql`last_seen_at < ${at(cutoff)} AND created_at < ${at(cutoff)} AND (revoked_at IS NULL OR revoked_at < ${at(cutoff)})`,
  },
  loginFailures: { table: Prisma.raw('login_failure'), expired: (cutoff: Date) => Prisma.sql`attempted_at < ${at(cutoff)}` },
  webhookEvents: { table: Prisma.raw('video_webhook_event'), expired: (cutoff: Date) => Prisma.sql`received_at < ${at(cutoff)}` },
} as const;

export type TSimpleRowType = keyof typeof SIMPLE_ROWS;
