import 'server-only';
import { z } from 'zod';
import type { TAdminActor } from '@/server/auth/admin-actor';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { NO_PASSWORD } from '@/server/auth/password-hashing';
import type { TDb } from '@/server/db/client';
import type { Prisma } from '@/server/db/generated/client';
import { ADVISOR_LETTER_INTERVAL_MS, LETTER_LANGUAGES } from '@/server/letters/letter-policy';

/** The request form: the member's insurance or company number, the letter's language, and (administrators only) blocking sign-in now. */
export const ZLetterRequestInput = z.object({
  member: z.string().trim().min(1, 'memberRequired').max(40, 'memberNotFound'),
  language: z.enum(LETTER_LANGUAGES, { error: 'languageRequired' }),
  confirm: z.literal('yes', { error: 'confirmRequired' }),
  block: z.enum(['yes']).optional(),
});
export type TLetterRequestInput = z.infer<typeof ZLetterRequestInput>;

/** What the request form can be told back (as `?error=` on its page: the member's number never goes into an address). */
export const LETTER_REQUEST_ERRORS = ['memberRequired', 'memberNotFound', 'languageRequired', 'confirmRequired', 'recentLetter'] as const;
export type TLetterRequestError = (typeof LETTER_REQUEST_ERRORS)[number];

export type TLetterRequestResult =
  | { ok: true; letterId: string; alreadyRequested: boolean; blocked: boolean }
  | { ok: false; reason: 'not-found' | 'recent-letter' };

/**
 * Need-to-know: an administrator may request a letter for any member or employer; an advisor only for
 * one who has a consultation with that advisor. Anyone else finds nobody.
 */
export function letterScopeFor(actor: TAdminActor): Prisma.AccountWhereInput | null {
  if (actor.kind === 'ADMIN') return {};
  if (actor.kind === 'ADVISOR') return { memberConsultations: { some: { advisorId: actor.id } } };
  return null;
}

/**
 * Asks the print and mail system for a letter with a new sign-in code (docs/decisions/0042). Nothing
 * changes for the member yet: the code is made when the print system fetches the letter, and nobody
 * at the insurer ever sees it. One waiting request per member is enough; asking again while one waits
 * changes nothing but its language. An administrator may also block the member's sign-in at once (the
 * old password stops working, every session ends), for a password the member believes is known to
 * someone else. The member's account row is locked, so simultaneous requests make one letter.
 */
export async function requestPasswordLetter(prisma: TDb, actor: TAdminActor, input: TLetterRequestInput, now = new Date()): Promise<TLetterRequestResult> {
  const scope = letterScopeFor(actor);
  if (!scope) return { ok: false, reason: 'not-found' };
  const identifier = classifyLoginIdentifier(input.member);
  if (identifier.kind !== 'insurance-number' && identifier.kind !== 'company-number') return { ok: false, reason: 'not-found' };
  const requester = actor.kind === 'ADMIN' ? 'ADMIN' : 'ADVISOR';
  const block = actor.kind === 'ADMIN' && input.block === 'yes';
  return loggedTransaction(prisma, async (tx) => {
    const account = await tx.account.findFirst({
      where: { AND: [{ loginName: identifier.value, kind: { in: ['MEMBER', 'EMPLOYER'] }, deactivatedAt: null }, scope] },
      select: { id: true },
    });
    if (!account) return { ok: false, reason: 'not-found' } as const;
    await tx.$queryRaw`SELECT id FROM account WHERE id = ${account.id}::uuid FOR UPDATE`;
    if (requester === 'ADVISOR') {
      // Each letter ends the member's password when it is printed: an advisor asks at most once a day
      // per member (a lost letter within the day is the administrator's, who sees every letter).
      const recent = await tx.passwordLetter.count({
        where: { accountId: account.id, requestedByKind: 'ADVISOR', requestedById: actor.id, requestedAt: { gt: new Date(now.getTime() - ADVISOR_LETTER_INTERVAL_MS) } },
      });
      if (recent > 0) return { ok: false, reason: 'recent-letter' } as const;
    }
    const waiting = await tx.passwordLetter.findFirst({ where: { accountId: account.id, state: 'REQUESTED' }, select: { id: true } });
    const letter = waiting
      ? await tx.passwordLetter.update({ where: { id: waiting.id }, data: { language: input.language }, select: { id: true } })
      : await tx.passwordLetter.create({
          data: { accountId: account.id, requestedByKind: requester, requestedById: actor.id, language: input.language, requestedAt: now },
          select: { id: true },
        });
    let sessionsEnded = 0;
    if (block) {
      await tx.account.update({ where: { id: account.id }, data: { passwordHash: NO_PASSWORD, mustChangePassword: true, initialPasswordExpiresAt: null, passwordChangedAt: now } });
      sessionsEnded = (await tx.session.updateMany({ where: { accountId: account.id, revokedAt: null }, data: { revokedAt: now } })).count;
    }
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.passwordLetterRequested,
      payload: { letterId: letter.id, by: requester, alreadyRequested: !!waiting, signInBlocked: block, sessionsEnded },
      personal: { actorId: actor.id, subjectId: account.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return { ok: true, letterId: letter.id, alreadyRequested: !!waiting, blocked: block } as const;
  });
}
