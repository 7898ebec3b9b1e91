// What the mirror and the monitor keep between runs, as JSON written atomically: the last checkpoint they
// verified (the note as served, re-verified with the log key on every read) and how far they checked entries.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { TKeptCheckpoint } from '@/log-follower/follow-log';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';

const ZState = z.object({
  note: z.string(),
  entriesDone: z.number().int().min(0),
  /** The newest checkpoint whose cosignatures met the policy's quorum. */
  witnessed: z
    .object({ treeSize: z.number().int().min(0), note: z.string() })
    .nullable()
    .default(null),
});
export type TKeptState = { kept: TKeptCheckpoint; entriesDone: number; witnessed: { treeSize: number; note: string } | null };

/** The state at `path`, null when there is none yet; an error when it is unreadable or its checkpoint does not verify. */
export function readKeptState(path: string, logKeys: string[]): TKeptState | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = ZState.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a state file of this program`);
  const check = verifyCheckpointNote(parsed.data.note, logKeys);
  if (!check.ok) throw new Error(`${path}: the kept checkpoint does not verify with the policy's log key (${check.problem})`);
  return {
    kept: { checkpoint: check.checkpoint, note: parsed.data.note },
    entriesDone: parsed.data.entriesDone,
    witnessed: parsed.data.witnessed,
  };
}

export function writeKeptState(path: string, state: TKeptState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(
    temporary,
    `${JSON.stringify({ note: state.kept.note, entriesDone: state.entriesDone, witnessed: state.witnessed }, null, 2)}\n`,
    { flush: true },
  );
  renameSync(temporary, path);
}
