import 'server-only';
import { mayPostponeSetup, usesSecondFactor } from '@/server/auth/second-factor/policy';
import { SESSION_MAX_AGE_SECONDS, TOUCH_INTERVAL_MS } from '@/server/auth/session-policy';
import { type TSessionCache, createSessionCache } from '@/server/auth/session-cache';
import { type TOpenDatabase, db, directDb, openProcessDatabase } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import type { AccountKind, LetterRequester } from '@/server/db/generated/enums';

export type TSessionActor = {
  id: string;
  kind: AccountKind;
  displayName: string;
  sessionId: string;
  mustChangePassword: boolean;
  /** Staff without a confirmed second factor who may not (or no longer) postpone it: only the setup page is open. */
  secondFactorSetupRequired: boolean;
  /** When the session ends unless the person does something (never after its absolute end). */
  idleExpiresAt: Date;
  /** Opened right after a password letter's code was replaced: who had requested the letter (docs/decisions/0042). */
  afterPasswordLetter: LetterRequester | null;
  /** Told once signed in: the sign-in before this session's, and the failed or refused attempts since (0049). */
  previousSignInAt: Date | null;
  failedSignInsBefore: number;
};

type TSessionRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleTimeoutSeconds: number;
  revokedAt: Date | null;
  accountId: string;
  kind: AccountKind;
  displayName: string;
  mustChangePassword: boolean;
  secondFactorPending: boolean;
  secondFactorPostponed: boolean;
  secondFactorConfirmed: boolean;
  secondFactorGraceUntil: Date | null;
  afterPasswordLetter: LetterRequester | null;
  previousSignInAt: Date | null;
  failedSignInsBefore: number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadSessionRow(sessionId: string): Promise<TSessionRow | null> {
  // Every signed-in request asks this, so it runs on the bare driver (server/db/direct-sql.ts).
  const direct = await directDb();
  const [row] = await direct<TSessionRow>(Prisma.sql`
    SELECT s.id, s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.idle_timeout_seconds AS "idleTimeoutSeconds",
      s.revoked_at AS "revokedAt", a.id AS "accountId", a.kind::text AS kind, a.display_name AS "displayName",
      a.must_change_password AS "mustChangePassword", s.second_factor_pending AS "secondFactorPending",
      s.second_factor_postponed AS "secondFactorPostponed", (sf.confirmed_at IS NOT NULL) AS "secondFactorConfirmed",
      a.second_factor_grace_until AS "secondFactorGraceUntil", s.after_password_letter::text AS "afterPasswordLetter",
      s.previous_sign_in_at AS "previousSignInAt", s.failed_sign_ins_before AS "failedSignInsBefore"
    FROM session s JOIN account a ON a.id = s.account_id LEFT JOIN second_factor sf ON sf.account_id = a.id
    WHERE s.id = ${sessionId}::uuid AND a.deactivated_at IS NULL`);
  return row ?? null;
}

// A pending row is a password without its code: no session for any page (docs/decisions/0040).
const isLive = (row: TSessionRow): boolean => !row.revokedAt && !row.secondFactorPending;

function limits(row: TSessionRow): { idle: number; absolute: number } {
  return {
    idle: row.lastSeenAt.getTime() + row.idleTimeoutSeconds * 1000,
    absolute: row.createdAt.getTime() + SESSION_MAX_AGE_SECONDS * 1000,
  };
}

/** Whether the session's idle or absolute end has come. */
function hasEnded(row: TSessionRow, now: Date): boolean {
  const { idle, absolute } = limits(row);
  return Math.min(idle, absolute) <= now.getTime();
}

async function actorFromRow(row: TSessionRow | null, now: Date, options: { touch?: boolean }): Promise<TSessionActor | null> {
  if (!row || !isLive(row)) return null;
  if (hasEnded(row, now)) {
    await (await db()).session.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: now } });
    return null;
  }
  let lastSeenAt = row.lastSeenAt;
  if (options.touch !== false && now.getTime() - lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    lastSeenAt = now;
    await (await db()).session.update({ where: { id: row.id }, data: { lastSeenAt } });
  }
  return {
    id: row.accountId,
    kind: row.kind,
    displayName: row.displayName,
    mustChangePassword: row.mustChangePassword,
    secondFactorSetupRequired:
      usesSecondFactor(row.kind) &&
      !row.secondFactorConfirmed &&
      !(row.secondFactorPostponed && mayPostponeSetup(row.kind, row.secondFactorGraceUntil, now)),
    sessionId: row.id,
    // The warning before the end must also come before the absolute end, whichever is first.
    idleExpiresAt: new Date(Math.min(lastSeenAt.getTime() + row.idleTimeoutSeconds * 1000, limits(row).absolute)),
    afterPasswordLetter: row.afterPasswordLetter,
    previousSignInAt: row.previousSignInAt,
    failedSignInsBefore: row.failedSignInsBefore,
  };
}

/**
 * Looks a session id up in the session table; revoked, idle or too old sessions (or a deactivated
 * account's) count as none.
 * @param options.touch whether this counts as activity (moves the idle deadline); a page's own event
 *   stream checking that its session is alive must not keep it alive.
 */
export async function actorForSession(
  sessionId: string,
  now = new Date(),
  options: { touch?: boolean } = {},
): Promise<TSessionActor | null> {
  if (!UUID.test(sessionId)) return null;
  return actorFromRow(await loadSessionRow(sessionId), now, options);
}

export type TRequestSessionLookup = {
  cache: TSessionCache<TSessionRow>;
  actorFor(sessionId: string, now?: Date): Promise<TSessionActor | null>;
};

/**
 * An instance's lookup for requests: answered from its cache of session rows while no change to the
 * session, its account or its second factor has been announced (docs/decisions/0073).
 */
export function createRequestSessionLookup(database: Pick<TOpenDatabase, 'pglite' | 'target'>): TRequestSessionLookup {
  const cache = createSessionCache<TSessionRow>(database, { cacheable: isLive });
  return {
    cache,
    async actorFor(sessionId, now = new Date()) {
      if (!UUID.test(sessionId)) return null;
      const row = await cache.lookup(sessionId, () => loadSessionRow(sessionId));
      // Ending a session for idleness is final: it is decided on a fresh read of the table, never on a kept row.
      if (row && isLive(row) && hasEnded(row, now)) {
        return actorFromRow(await loadSessionRow(sessionId), now, {});
      }
      return actorFromRow(row, now, {});
    },
  };
}

// One per process, beside the process's database (on globalThis, as the database is).
const holder = globalThis as typeof globalThis & { __requestSessionLookup?: Promise<TRequestSessionLookup> };

function processLookup(): Promise<TRequestSessionLookup> {
  holder.__requestSessionLookup ??= openProcessDatabase()
    .then(createRequestSessionLookup)
    .catch((error: unknown) => {
      holder.__requestSessionLookup = undefined;
      throw error;
    });
  return holder.__requestSessionLookup;
}

/** The signed-in person of a request's session cookie, through the process's session cache. */
export async function actorForRequestSession(sessionId: string): Promise<TSessionActor | null> {
  return (await processLookup()).actorFor(sessionId);
}

/** How this process answered request session lookups (the benchmark's explanation of its figures). */
export async function requestSessionCacheStats(): Promise<{ hits: number; misses: number }> {
  const { hits, misses } = (await processLookup()).cache.stats();
  return { hits, misses };
}
