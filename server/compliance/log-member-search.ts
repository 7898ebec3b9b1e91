import 'server-only';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { type TLogFilter, filterQuery } from '@/server/compliance/log-filter';
import type { TDirectSql } from '@/server/db/direct-sql';

/**
 * A search for one member's entries reads their personal data: logged once per search (its first
 * page), with the filter and the reason, so paging through the results adds nothing.
 */
export async function logMemberSearch(direct: TDirectSql, actor: TActor, filter: TLogFilter, reason?: string): Promise<void> {
  if (actor.kind !== 'COMPLIANCE' || !filter.member) return;
  const { member, ...rest } = filter;
  await appendLogEntryAlone(direct, {
    eventType: LOG_EVENT.memberLogSearched,
    payload: { filter: filterQuery(rest), channel: 'web' },
    personal: { actorId: actor.id, subjectId: member, ipPseudonym: actor.ipPseudonym, reason },
  });
}
