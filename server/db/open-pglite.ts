import 'server-only';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from '@/server/db/data-dir-lock';

/** Opens a PGlite database; a file-backed one holds the data-directory lock until the process ends. */
export async function openPglite(dataDir: string, startFrom?: Blob): Promise<PGlite> {
  // A new in-memory database runs initdb, which takes seconds; a dump (tests: migrated once) skips it.
  if (dataDir.startsWith('memory://')) return PGlite.create(dataDir, startFrom ? { loadDataDir: startFrom } : {});
  const absolute = path.resolve(dataDir);
  const release = lockDataDir(absolute);
  try {
    mkdirSync(path.dirname(absolute), { recursive: true });
    const db = await PGlite.create(absolute);
    await db.waitReady;
    const close = db.close.bind(db);
    // Closing hands the directory back at once, not only when the process ends.
    db.close = async () => {
      await close();
      release();
    };
    return db;
  } catch (error) {
    release();
    throw error;
  }
}
