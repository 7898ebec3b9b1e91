import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { TActor } from '@/server/auth/current-actor';
import { type TLogFilter, filterQuery, filterWithoutPeople } from '@/server/compliance/log-filter';
import { EXPORT_COLUMNS } from '@/server/compliance/export/export-columns';
import type { TDb } from '@/server/db/client';
import type { ExportFormat } from '@/server/db/generated/enums';
import { signCheckpoint } from '@/server/transparency/checkpoints';

/**
 * Creates an export of the entries matching `filter`, fixed to a signed checkpoint taken now: the
 * export holds only entries that checkpoint covers, so its file is the same on every download and an
 * auditor can prove each entry against the checkpoint's root. Without a signing key the export is
 * fixed to the log's head instead. The export and the reason are logged in the same transaction.
 */
export async function createLogExport(prisma: TDb, actor: TActor, input: { filter: TLogFilter; format: ExportFormat; reason?: string }) {
  if (actor.kind !== 'COMPLIANCE') return null;
  const checkpoint = await signCheckpoint(prisma);
  if (!checkpoint) await integrateQueuedEntries(prisma);
  const treeSize = checkpoint?.treeSize ?? (await prisma.logHead.findUnique({ where: { id: 1 }, select: { seq: true } }))?.seq ?? 0n;
  const filter = filterQuery(input.filter);
  // The member is named in the erasable personal part only, never in the chained payload.
  const member = input.filter.member;
  return loggedTransaction(prisma, async (tx) => {
    const created = await tx.logExport.create({
      data: { officerId: actor.id, format: input.format, filter, reason: input.reason ?? null, treeSize },
      select: { id: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.exportCreated,
      payload: {
        exportId: created.id,
        format: input.format,
        filter: filterWithoutPeople(input.filter),
        treeSize: Number(treeSize),
        signedCheckpoint: checkpoint !== null,
        // The file's columns, fixed here for good: every later download must give the same bytes, also
        // after a version of the gateway that exports more columns (server/compliance/export/created-columns.ts).
        columns: [...EXPORT_COLUMNS],
        channel: 'web',
      },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym, reason: input.reason, ...(member ? { subjectId: member } : {}) },
    });
    return created;
  });
}
