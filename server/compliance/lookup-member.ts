import 'server-only';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import type { TDb } from '@/server/db/client';
import type { TDirectSql } from '@/server/db/direct-sql';

export type TMemberLookup = { kind: 'found'; memberId: string } | { kind: 'not-found' } | { kind: 'invalid' };

/**
 * Finds a member's account by the number on their card or letter, for the log explorer. Every lookup is
 * a read of personal data (whether someone is insured here, and then their entries), so each one is
 * logged with the officer, the member if found and the reason given; the number itself is not logged.
 */
export async function lookupMember(
  prisma: TDb,
  direct: TDirectSql,
  actor: TActor,
  input: { number: string; reason?: string },
): Promise<TMemberLookup | null> {
  if (actor.kind !== 'COMPLIANCE') return null;
  const id = classifyLoginIdentifier(input.number);
  if (id.kind !== 'insurance-number' && id.kind !== 'company-number') return { kind: 'invalid' };
  const member = await prisma.account.findFirst({
    where: { loginName: id.value, kind: id.kind === 'insurance-number' ? 'MEMBER' : 'EMPLOYER' },
    select: { id: true },
  });
  await appendLogEntryAlone(direct, {
    eventType: LOG_EVENT.memberLookedUp,
    payload: { found: member !== null, numberKind: id.kind, channel: 'web' },
    personal: { actorId: actor.id, ...(member ? { subjectId: member.id } : {}), ipPseudonym: actor.ipPseudonym, reason: input.reason },
  });
  return member ? { kind: 'found', memberId: member.id } : { kind: 'not-found' };
}
