// The witness's only memory: per log origin, the size and root hash of the latest checkpoint it cosigned.
// Kept in files of its own directory (never the gateway's database), one per origin, each replaced
// atomically (write, fsync, rename, fsync the directory), so a crash leaves the old state or the new one.
// One process per directory (a lock file), and one request at a time per origin (a queue), so checking
// the old size and storing the new one cannot interleave (the race tlog-witness describes).
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export type TLogState = { size: number; rootHash: Buffer };

const ZStored = z.object({ origin: z.string(), size: z.number().int().nonnegative(), rootHash: z.base64() });

export type TCheckpointState = {
  /** Runs `work` with the origin's state, alone for that origin; `work` returns the state to keep, or null to keep it as it is. */
  update<T>(origin: string, work: (current: TLogState | null) => { keep: TLogState | null; result: T }): Promise<T>;
  read(origin: string): TLogState | null;
  close(): void;
};

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the directory's lock file, or throws when a live process holds it. */
function lockDirectory(dir: string): () => void {
  const lockFile = join(dir, 'witness.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeFileSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(`${dir} is in use by the witness process ${holder}; one witness process per directory`);
      }
      // Left by a process that is gone: take it over.
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function writeAtomically(dir: string, name: string, content: string): void {
  const target = join(dir, name);
  const temporary = `${target}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

export function openCheckpointState(dir: string): TCheckpointState {
  const logsDir = join(dir, 'logs');
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  const unlock = lockDirectory(dir);
  const queues = new Map<string, Promise<unknown>>();
  const fileOf = (origin: string) => `${createHash('sha256').update(origin).digest('hex')}.json`;

  function read(origin: string): TLogState | null {
    let text: string;
    try {
      text = readFileSync(join(logsDir, fileOf(origin)), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const stored = ZStored.parse(JSON.parse(text));
    if (stored.origin !== origin) throw new Error(`state file of ${origin} names ${stored.origin}`);
    return { size: stored.size, rootHash: Buffer.from(stored.rootHash, 'base64') };
  }

  return {
    read,
    update(origin, work) {
      const previous = queues.get(origin) ?? Promise.resolve();
      const next = previous.then(() => {
        const { keep, result } = work(read(origin));
        if (keep) {
          const content = JSON.stringify({ origin, size: keep.size, rootHash: keep.rootHash.toString('base64') });
          writeAtomically(logsDir, fileOf(origin), `${content}\n`);
        }
        return result;
      });
      // The queue continues after a failed request; the caller still sees the failure.
      queues.set(
        origin,
        next.catch(() => undefined),
      );
      return next;
    },
    close: unlock,
  };
}
