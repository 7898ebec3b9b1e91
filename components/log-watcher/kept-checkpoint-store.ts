// The one value the log watcher stores on the member's device (docs/decisions/0059): present only while the
// member has the check turned on; it holds the last checkpoint this browser verified (public log data, no
// personal data). Removing it turns the check off.
import type { TKeptCheckpoint } from '@/components/log-watcher/check-log';

export const STORAGE_KEY = 'consent-gateway.log-watch';

type TStored = { version: 1; kept: TKeptCheckpoint | null };

const isKept = (value: unknown): value is TKeptCheckpoint => {
  const v = value as Partial<Record<keyof TKeptCheckpoint, unknown>> | null;
  return (
    typeof v?.origin === 'string' &&
    typeof v.treeSize === 'number' &&
    typeof v.rootHash === 'string' &&
    typeof v.note === 'string' &&
    typeof v.checkedAt === 'string'
  );
};

/** null: the check is off. Otherwise what was kept (null before the first successful check, or if the value is unreadable). */
export function readStored(storage: Storage): { kept: TKeptCheckpoint | null } | null {
  const raw = storage.getItem(STORAGE_KEY);
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<TStored> | null;
    return { kept: isKept(parsed?.kept) ? parsed.kept : null };
  } catch {
    return { kept: null };
  }
}

export function writeStored(storage: Storage, kept: TKeptCheckpoint | null): void {
  storage.setItem(STORAGE_KEY, JSON.stringify({ version: 1, kept } satisfies TStored));
}

export function removeStored(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}
