import 'server-only';
import { completeLogExport } from '@/server/compliance/export/complete-export';
import { createdExportColumns } from '@/server/compliance/export/created-columns';
import { exportBytes } from '@/server/compliance/export/export-bytes';
import type { TLogExport } from '@/server/compliance/export/officer-exports';
import { ZLogFilter } from '@/server/compliance/log-filter';
import type { TOpenDatabase } from '@/server/db/client';

/** The export's file as chunks; producing it in full records the manifest's figures (once). */
export async function* produceExport(database: TOpenDatabase, exp: TLogExport): AsyncGenerator<Buffer> {
  // Stored by the gateway from a parsed filter; parsed again so the row's JSON is never trusted blindly.
  const filter = ZLogFilter.parse(exp.filter);
  const columns = await createdExportColumns(database.prisma, exp.id);
  yield* exportBytes(database, { filter, treeSize: exp.treeSize, format: exp.format, columns }, (figures) =>
    completeLogExport(database.prisma, exp.id, figures).then(() => undefined),
  );
}

/** Produces the file once without sending it anywhere, so the manifest is ready before anyone downloads. */
export async function prepareExportManifest(database: TOpenDatabase, exp: TLogExport): Promise<void> {
  for await (const _chunk of produceExport(database, exp)) {
    // only drained: producing the file records its figures
  }
}
