import 'server-only';
import { completeLogExport } from '@/server/compliance/export/complete-export';
import { exportBytes } from '@/server/compliance/export/export-bytes';
import type { TLogExport } from '@/server/compliance/export/officer-exports';
import { ZLogFilter } from '@/server/compliance/log-filter';
import type { TOpenDatabase } from '@/server/db/client';

/** The export's file as chunks; producing it in full records the manifest's figures (once). */
export function produceExport(database: TOpenDatabase, exp: TLogExport) {
  // Stored by the gateway from a parsed filter; parsed again so the row's JSON is never trusted blindly.
  const filter = ZLogFilter.parse(exp.filter);
  return exportBytes(database, { filter, treeSize: exp.treeSize, format: exp.format }, (figures) => completeLogExport(database.prisma, exp.id, figures).then(() => undefined));
}

/** Produces the file once without sending it anywhere, so the manifest is ready before anyone downloads. */
export async function prepareExportManifest(database: TOpenDatabase, exp: TLogExport): Promise<void> {
  for await (const chunk of produceExport(database, exp)) void chunk;
}
