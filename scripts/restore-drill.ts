// npm run db:restore-drill [-- --checkpoints saved.jsonl] [--keep]
// The backup/restore drill (docs/operations.md, docs/decisions/0038): dumps the PostgreSQL database of
// DATABASE_URL with pg_dump -Fc, restores it with pg_restore into a fresh database beside it
// (<name>_restore_drill), and verifies the restored log: its chain, and every checkpoint signed before
// the dump against the restored entries. The checkpoints come from a file saved earlier from
// /api/log/checkpoints (the stronger drill: kept outside the database) or, without one, are read from
// the database right before the dump. The restored database is dropped afterwards unless --keep.
// Exit code: 0 the restore verifies, 2 it does not, 1 the drill could not run.
import './load-env';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from './run-command';
import { dropDatabase } from '@/server/db/maintenance-database';
import { backUpAndRestore, parseCheckpointLines, readCheckpoints, verifyRestoredLog } from '@/server/backup/restore-drill';
import { databaseTarget } from '@/server/db/database-target';
import { openDatabase } from '@/server/db/client';
import { verifyAgainstWitnesses } from '@/server/witnessing/verify-against-witnesses';
import { witnessing } from '@/server/witnessing/witness-policy';
import { reportWitnesses } from './witness-report';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { checkpoints: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const target = databaseTarget();
  if (target.kind !== 'postgres')
    throw new Error(
      'The drill needs a PostgreSQL server (DATABASE_URL); the embedded database is backed up by copying its stopped data directory.',
    );
  const restoreUrl = new URL(target.url);
  restoreUrl.pathname = `${restoreUrl.pathname}_restore_drill`;

  const kept = values.checkpoints ? parseCheckpointLines(readFileSync(values.checkpoints, 'utf8')) : await readCheckpoints(target.url);
  console.log(
    `${kept.length} signed ${kept.length === 1 ? 'checkpoint' : 'checkpoints'} ${values.checkpoints ? `from ${values.checkpoints}` : 'read before the dump'}.`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'consent-restore-drill-'));
  const started = Date.now();
  try {
    const { dumpBytes } = await backUpAndRestore(target.url, restoreUrl.toString(), path.join(dir, 'consent.dump'));
    console.log(
      `Dumped (${(dumpBytes / 1024).toFixed(0)} KiB, custom format) and restored into ${restoreUrl.pathname.slice(1)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    const check = await verifyRestoredLog(restoreUrl.toString(), kept);
    const { chain } = check;
    if (chain.firstBroken) console.error(`Restored log BROKEN at entry ${chain.firstBroken.seq}: ${chain.firstBroken.problem}.`);
    else
      console.log(`Restored log chain intact: ${chain.entriesChecked} entries; ${chain.checkpoints.checked} restored checkpoints match.`);
    if (check.kept.firstBad)
      console.error(
        `Checkpoint over ${check.kept.firstBad.treeSize} entries signed before the dump does NOT verify: ${check.kept.firstBad.problem}.`,
      );
    else console.log(`${check.kept.checked} of ${check.kept.total} checkpoints signed before the dump verify against the restored log.`);
    const forked = await askWitnessesAboutCopy(restoreUrl.toString());
    const ok = check.ok && !forked;
    console.log(ok ? 'Restore drill passed.' : 'Restore drill FAILED.');
    return ok ? 0 : 2;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (values.keep) console.log(`Kept ${restoreUrl.pathname.slice(1)}.`);
    else await dropDatabase(restoreUrl.toString());
  }
}

/**
 * With witnesses: is the restored copy what they cosigned? A copy behind them (entries after the dump) is
 * expected of a drill and reported; in production that restore would be a fork (docs/operations.md).
 * A copy they cosigned another tree for fails the drill. Returns whether any witness saw a fork.
 */
async function askWitnessesAboutCopy(restoreUrl: string): Promise<boolean> {
  const config = witnessing();
  if (!config) return false;
  const copy = await openDatabase({ kind: 'postgres', url: restoreUrl });
  try {
    const verification = await verifyAgainstWitnesses(copy.prisma, config);
    reportWitnesses(verification);
    const behind = verification.checks.filter((c) => c.outcome === 'rollback');
    if (behind.length)
      console.log(
        `The copy is behind what ${behind.length === 1 ? 'a witness' : `${behind.length} witnesses`} cosigned: expected of a drill (entries logged after the dump); restoring it in production would be a fork (docs/operations.md, "When the database is behind the witnesses").`,
      );
    return verification.checks.some((c) => c.outcome === 'fork');
  } finally {
    await copy.close();
  }
}

runCommand(main);
