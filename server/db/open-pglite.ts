import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from '@/server/db/data-dir-lock';

/**
 * How often a file-backed PGlite database is checkpointed. PGlite runs no checkpointer process: once the WAL
 * written since the last checkpoint reaches what would start one (about max_wal_size / (1 +
 * checkpoint_completion_target), 540 MB by default), the next write waits at full CPU for a checkpoint that never
 * comes (measured: a bulk load of the log stopped there every time, and went through with a CHECKPOINT after each
 * batch). A minute keeps it far below that at the rates the app writes (docs/decisions/0075).
 */
export const PGLITE_CHECKPOINT_EVERY_MS = 60_000;

/**
 * Opens a PGlite database; a file-backed one holds the data-directory lock until the process ends, and is
 * checkpointed every `checkpointEveryMs` while open.
 */
export async function openPglite(dataDir: string, startFrom?: Blob, options: { checkpointEveryMs?: number } = {}): Promise<PGlite> {
  // A new in-memory database runs initdb, which takes seconds; a dump (tests: migrated once) skips it.
  if (dataDir.startsWith('memory://')) return PGlite.create(dataDir, startFrom ? { loadDataDir: startFrom } : {});
  const absolute = path.resolve(dataDir);
  const release = lockDataDir(absolute);
  try {
    mkdirSync(path.dirname(absolute), { recursive: true });
    const db = await PGlite.create(absolute);
    await db.waitReady;
    const checkpoints = setInterval(() => {
      // A failed checkpoint is retried at the next tick; the database reports real trouble on the next query.
      db.exec('CHECKPOINT').catch(() => undefined);
    }, options.checkpointEveryMs ?? PGLITE_CHECKPOINT_EVERY_MS);
    checkpoints.unref();
    const close = db.close.bind(db);
    // Closing hands the directory back at once, not only when the process ends.
    db.close = async () => {
      clearInterval(checkpoints);
      await close();
      release();
    };
    return db;
  } catch (error) {
    release();
    throw error;
  }
}
