import 'server-only';
import { z } from 'zod';
import type { TAdminActor } from '@/server/admin/admin-actor';
import { ADVISOR_LETTER_INTERVAL_MS, INITIAL_PASSWORD_VALID_DAYS } from '@/server/admin/password-letter-policy';

const INITIAL_PASSWORD_VALID_MS = INITIAL_PASSWORD_VALID_DAYS * 24 * 60 * 60_000;
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { initialPassword } from '@/server/auth/provision-account';
import { hashPassword } from '@/server/auth/password-hashing';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';

/** The form's one field: the member's insurance number or the employer's company number. */
export const ZPasswordLetterInput = z.object({ member: z.string().trim().min(1, 'memberRequired').max(40, 'memberNotFound') });

/** What the letter form can be told back (as `?error=` on its page: the member's number never goes into an address). */
export const PASSWORD_LETTER_ERRORS = ['memberRequired', 'memberNotFound', 'languageRequired', 'confirmRequired', 'recentLetter'] as const;
export type TPasswordLetterError = (typeof PASSWORD_LETTER_ERRORS)[number];

export type TPasswordLetter = {
  accountId: string;
  kind: 'MEMBER' | 'EMPLOYER';
  loginName: string;
  displayName: string;
  /** The new initial password: it leaves the server only inside the PDF. */
  code: string;
  issuedAt: Date;
  expiresAt: Date;
};

export type TResetResult = { ok: true; letter: TPasswordLetter } | { ok: false; reason: 'not-found' | 'recent-letter' };

/**
 * Need-to-know (docs/decisions/0041): an administrator may send the letter to any member or employer;
 * an advisor only to one who has a consultation with that advisor. Anyone else: nobody is found.
 */
function scopeFor(actor: TAdminActor): Prisma.AccountWhereInput | null {
  if (actor.kind === 'ADMIN') return {};
  if (actor.kind === 'ADVISOR') return { memberConsultations: { some: { advisorId: actor.id } } };
  return null;
}

/**
 * A member forgot their password: a new initial password replaces it at once (only its hash is kept),
 * every session of the member ends, the member must choose a new password at the next sign-in, and
 * the initial password is void after INITIAL_PASSWORD_VALID_DAYS. One log entry, in the same
 * transaction, names who sent it and for whom, never the code. Sending it again makes a new code and
 * the previous letter useless.
 */
export async function resetPasswordByLetter(prisma: TDb, actor: TAdminActor, signInName: string, now = new Date()): Promise<TResetResult> {
  const scope = scopeFor(actor);
  if (!scope) return { ok: false, reason: 'not-found' };
  const identifier = classifyLoginIdentifier(signInName);
  if (identifier.kind !== 'insurance-number' && identifier.kind !== 'company-number') return { ok: false, reason: 'not-found' };
  const code = initialPassword();
  const passwordHash = await hashPassword(code);
  const expiresAt = new Date(now.getTime() + INITIAL_PASSWORD_VALID_MS);
  return loggedTransaction(prisma, async (tx) => {
    const account = await tx.account.findFirst({
      where: { AND: [{ loginName: identifier.value, kind: { in: ['MEMBER', 'EMPLOYER'] }, deactivatedAt: null }, scope] },
      select: { id: true, kind: true, loginName: true, displayName: true, mustChangePassword: true, initialPasswordExpiresAt: true },
    });
    if (!account) return { ok: false, reason: 'not-found' } as const;
    // Each letter locks the member out until it arrives: an advisor sends at most one a day per member
    // (a lost letter within the day is the administrator's, who also sees every letter in the log).
    const lastIssuedAt = account.mustChangePassword && account.initialPasswordExpiresAt ? account.initialPasswordExpiresAt.getTime() - INITIAL_PASSWORD_VALID_MS : null;
    if (actor.kind === 'ADVISOR' && lastIssuedAt !== null && now.getTime() - lastIssuedAt < ADVISOR_LETTER_INTERVAL_MS) return { ok: false, reason: 'recent-letter' } as const;
    await tx.account.update({
      where: { id: account.id },
      data: { passwordHash, mustChangePassword: true, initialPasswordExpiresAt: expiresAt, passwordChangedAt: now },
    });
    const { count } = await tx.session.updateMany({ where: { accountId: account.id, revokedAt: null }, data: { revokedAt: now } });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.passwordLetterIssued,
      payload: { by: actor.kind, sessionsEnded: count, validUntil: expiresAt.toISOString() },
      personal: { actorId: actor.id, subjectId: account.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return {
      ok: true,
      letter: { accountId: account.id, kind: account.kind as 'MEMBER' | 'EMPLOYER', loginName: account.loginName, displayName: account.displayName, code, issuedAt: now, expiresAt },
    } as const;
  });
}
