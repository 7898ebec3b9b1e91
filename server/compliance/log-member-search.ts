import 'server-only';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { type TLogFilter, filterWithoutPeople } from '@/server/compliance/log-filter';
import type { TDirectSql } from '@/server/db/direct-sql';
import { READ_TO_CONFIRM, type TReadArrival, type TReadToConfirm } from '@/server/request/read-arrival';

/**
 * Each page of one member's entries reads their personal data: logged with the rest of the filter.
 * The chained payload names no person (member and advisor only as "filtered by"); the member is the
 * entry's erasable subject. Asked for from elsewhere than the gateway's own pages, nothing is logged
 * and the answer says the officer must confirm before the entries are searched (0052).
 */
export async function logMemberSearch(
  direct: TDirectSql,
  actor: TActor,
  filter: TLogFilter,
  arrival: TReadArrival,
): Promise<TReadToConfirm | null> {
  if (actor.kind !== 'COMPLIANCE' || !filter.member) return null;
  if (arrival !== 'own-page') return READ_TO_CONFIRM;
  await appendLogEntryAlone(direct, {
    eventType: LOG_EVENT.memberLogSearched,
    payload: { filter: filterWithoutPeople(filter), channel: 'web' },
    personal: { actorId: actor.id, subjectId: filter.member, ipPseudonym: actor.ipPseudonym },
  });
  return null;
}
