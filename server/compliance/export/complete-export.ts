import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TExportFigures } from '@/server/compliance/export/export-bytes';
import type { TDb } from '@/server/db/client';

/**
 * Records an export's figures the first time its file was produced in full, with a log entry that
 * carries the file's SHA-256: the manifest is then fixed (a trigger refuses a second completion).
 * A later production with other figures would mean the entries changed; the verifier answers that.
 */
export async function completeLogExport(prisma: TDb, exportId: string, figures: TExportFigures): Promise<boolean> {
  return loggedTransaction(prisma, async (tx) => {
    const updated = await tx.logExport.updateMany({
      where: { id: exportId, completedAt: null },
      data: { rowCount: figures.rows, byteCount: figures.bytes, sha256: figures.sha256, completedAt: new Date() },
    });
    if (updated.count === 0) return false;
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.exportCompleted,
      payload: { exportId, rows: Number(figures.rows), bytes: Number(figures.bytes), sha256: figures.sha256 },
    });
    return true;
  });
}
