import 'server-only';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { MEMBER_KINDS } from '@/server/auth/account-kinds';
import type { TActor } from '@/server/auth/current-actor';
import { collectMemberData } from '@/server/member-data/collect-member-data';
import { MEMBER_DATA_FORMAT_VERSION, type TMemberDataExport } from '@/server/member-data/export-format';
import { db, directDb } from '@/server/db/client';
import { READ_TO_CONFIRM, type TReadArrival, type TReadToConfirm } from '@/server/request/read-arrival';

/** How the member receives the data: the JSON file, or the page to read and print. */
export type TExportChannel = 'json' | 'summary';

/**
 * All of the signed-in member's own data, for the member. Handing it out is logged first, as an entry
 * of its own (the member only in its erasable personal part), so the export lists itself too.
 * Null for anyone but a member or employer; asked for from elsewhere than the gateway's own page,
 * nothing is read or logged until the member confirms (docs/decisions/0052).
 */
export async function exportMemberData(
  actor: TActor,
  channel: TExportChannel,
  arrival: TReadArrival,
): Promise<TMemberDataExport | TReadToConfirm | null> {
  if (!MEMBER_KINDS.includes(actor.kind)) return null;
  if (arrival !== 'own-page') return READ_TO_CONFIRM;
  await appendLogEntryAlone(await directDb(), {
    eventType: LOG_EVENT.memberDataExported,
    payload: { format: channel, formatVersion: MEMBER_DATA_FORMAT_VERSION, channel: 'web' },
    personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
  });
  return collectMemberData(await db(), actor);
}
