import 'server-only';
import { Prisma } from '@/server/db/generated/client';

// When a record of each type has expired: every time it carries is before the cut-off, so an old row
// that saw activity lately (a consent withdrawn, a session used) stays. Shared by counting and erasing,
// so the purge entry's counts and what goes are the same rows.

const at = (cutoff: Date) => Prisma.sql`${cutoff.toISOString()}::timestamptz`;

/**
 * Log entries (alias e) whose personal row may go: only entries already in the chain, and none of a
 * consultation whose violation case is not closed (who did what is the evidence of an open case).
 */
export function logEntryExpired(cutoff: Date): Prisma.Sql {
  return Prisma.sql`e.recorded_at < ${at(cutoff)}
    AND NOT EXISTS (SELECT 1 FROM violation v WHERE v.consultation_id = e.consultation_id AND v.status <> 'CLOSED')`;
}

/**
 * A consultation (alias c) with everything about it: its decisions and violations too. A violation
 * case not yet closed holds the whole consultation, however old (the evidence of an open case).
 */
export function consultationExpired(cutoff: Date): Prisma.Sql {
  const before = at(cutoff);
  return Prisma.sql`c.starts_at < ${before}
    AND GREATEST(c.starts_at, c.created_at, c.cancelled_at, c.call_started_at, c.recording_changed_at, c.room_closed_at) < ${before}
    AND NOT EXISTS (SELECT 1 FROM consent_decision d WHERE d.consultation_id = c.id
                     AND GREATEST(d.served_at, d.decided_at, d.withdrawn_at, d.recording_withdrawn_at) >= ${before})
    AND NOT EXISTS (SELECT 1 FROM violation v WHERE v.consultation_id = c.id
                     AND (v.status <> 'CLOSED' OR GREATEST(v.detected_at, v.investigating_since, v.closed_at) >= ${before}))`;
}

/**
 * The log explorer's facets (alias f, joined to its entry e) that still name a person: the member and
 * advisor ids go with the entry's personal row; the video service stays (it names no one).
 */
export function facetExpired(cutoff: Date): Prisma.Sql {
  return Prisma.sql`e.seq = f.seq AND ${logEntryExpired(cutoff)} AND (f.member_id IS NOT NULL OR f.advisor_id IS NOT NULL)`;
}

/**
 * Log exports (alias x): after their own period, and at once when they select by a member or advisor
 * whose facets this purge erases (the filter names the person, and the export could no longer be
 * reproduced as its manifest says). The log keeps each export's record and SHA-256.
 */
export function logExportExpired(cutoff: Date, facetCutoff: Date): Prisma.Sql {
  return Prisma.sql`(x.created_at < ${at(cutoff)}
    OR EXISTS (SELECT 1 FROM consent_log_facet f, consent_log e
                WHERE ${facetExpired(facetCutoff)} AND f.seq <= x.tree_size
                  AND (f.member_id::text = x.filter->>'member' OR f.advisor_id::text = x.filter->>'advisor')))`;
}

/** A consultation (alias c) whose callback number is no longer needed: the phone call was due before the cut-off. */
export function callbackPhoneExpired(cutoff: Date): Prisma.Sql {
  return Prisma.sql`c.callback_phone IS NOT NULL AND c.starts_at < ${at(cutoff)}`;
}

/** Rows of the simple types, deleted whole: table and the condition on its own columns. */
export const SIMPLE_ROWS = {
  sessions: {
    table: Prisma.raw('session'),
    expired: (cutoff: Date) =>
      Prisma.sql`last_seen_at < ${at(cutoff)} AND created_at < ${at(cutoff)} AND (revoked_at IS NULL OR revoked_at < ${at(cutoff)})`,
  },
  loginFailures: { table: Prisma.raw('login_failure'), expired: (cutoff: Date) => Prisma.sql`attempted_at < ${at(cutoff)}` },
  // A letter goes when its last event is past the period, but never while it still counts: waiting for
  // print, or at the printer with a code not yet expired (docs/decisions/0042).
  passwordLetters: {
    table: Prisma.raw('password_letter'),
    expired: (cutoff: Date) => Prisma.sql`state <> 'REQUESTED'
      AND GREATEST(requested_at, handed_at, confirmed_at, code_used_at, password_set_at, code_expires_at) < ${at(cutoff)}`,
  },
  webhookEvents: { table: Prisma.raw('video_webhook_event'), expired: (cutoff: Date) => Prisma.sql`received_at < ${at(cutoff)}` },
} as const;

export type TSimpleRowType = keyof typeof SIMPLE_ROWS;
