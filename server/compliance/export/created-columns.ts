import 'server-only';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { type TExportColumns, columnsFromCreatedPayload } from '@/server/compliance/export/export-columns';
import type { TDb } from '@/server/db/client';

/**
 * The columns an export was created with, as its `compliance.export_created` entry (queued or in the
 * chain) names them. The entry is written in the transaction that creates the export and never changes,
 * so an export made before the password-letter column keeps its eight columns, and its file the bytes
 * its manifest records (docs/decisions/0025, 0042), whichever version of the gateway produces it later.
 */
export async function createdExportColumns(prisma: TDb, exportId: string): Promise<TExportColumns> {
  // One statement, one snapshot: an entry integrated meanwhile is found in exactly one of the two.
  const [row] = await prisma.$queryRaw<{ payload: unknown }[]>`
    SELECT payload FROM consent_log WHERE event_type = ${LOG_EVENT.exportCreated} AND payload->>'exportId' = ${exportId}
    UNION ALL
    SELECT payload FROM consent_log_queue WHERE event_type = ${LOG_EVENT.exportCreated} AND payload->>'exportId' = ${exportId}
    LIMIT 1`;
  // Only a row written around the gateway (a test fixture) lacks its entry; it names no columns either.
  return columnsFromCreatedPayload(row?.payload);
}
