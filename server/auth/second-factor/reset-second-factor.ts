import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { usesSecondFactor } from '@/server/auth/second-factor/policy';
import { db } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';

/**
 * Kinds that may reset someone else's second factor: administrators only (a compliance officer resetting
 * a colleague's factor would undo the four-eyes principle's point).
 */
export const SECOND_FACTOR_RESETTER_KINDS: readonly AccountKind[] = ['ADMIN'];

/**
 * For a person who lost their phone and their recovery codes: removes the account's key and recovery
 * codes and ends its sessions, so the next sign-in leads to setup again. False (the caller answers
 * 404) when the actor may not, or there is no such staff account.
 */
export async function resetSecondFactor(actor: TActor, accountId: string, now = new Date()): Promise<boolean> {
  if (!SECOND_FACTOR_RESETTER_KINDS.includes(actor.kind)) return false;
  const prisma = await db();
  const target = await prisma.account.findUnique({ where: { id: accountId }, select: { id: true, kind: true } });
  if (!target || !usesSecondFactor(target.kind)) return false;
  await loggedTransaction(prisma, async (tx) => {
    await tx.secondFactor.deleteMany({ where: { accountId } });
    await tx.recoveryCode.deleteMany({ where: { accountId } });
    // A new grace period would let a reset account skip setup again; an advisor's old one stays.
    await tx.session.updateMany({ where: { accountId, revokedAt: null }, data: { revokedAt: now } });
    await appendLogEntry(tx, { eventType: LOG_EVENT.secondFactorReset, payload: { channel: 'web' }, personal: { actorId: actor.id, subjectId: accountId, ipPseudonym: actor.ipPseudonym } });
  });
  return true;
}
