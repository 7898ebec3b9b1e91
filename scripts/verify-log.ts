// npm run log:verify [-- --checkpoints FILE] — recomputes the whole consent log chain and names the first
// broken entry, checks every signed checkpoint (signature with the published keys, root recomputed from the
// entries), or those of FILE (saved from /api/log/checkpoints), and, with a witness policy, asks every
// witness whether the log extends what it cosigned (docs/transparency.md).
// Exit code: 0 intact, 2 broken or contradicted by a witness, 1 could not run or not confirmed by witnesses.
import './load-env';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runCommand } from './run-command';
import { reportWitnesses } from './witness-report';
import { parseCheckpointLines } from '@/server/backup/restore-drill';
import { verifyAgainstWitnesses } from '@/server/witnessing/verify-against-witnesses';
import { witnessing } from '@/server/witnessing/witness-policy';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';
import { openDatabase } from '@/server/db/client';
import { databaseTarget } from '@/server/db/database-target';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { checkpoints: { type: 'string' } } });
  const kept = values.checkpoints ? parseCheckpointLines(readFileSync(values.checkpoints, 'utf8')) : undefined;
  const config = witnessing();
  const database = await openDatabase(databaseTarget());
  try {
    // Entries still queued (e.g. left by a stopped app) join the chain first, then everything is checked.
    const integrated = await integrateQueuedEntries(database.prisma);
    if (integrated) console.log(`Integrated ${integrated} queued ${integrated === 1 ? 'entry' : 'entries'} into the chain.`);
    const started = Date.now();
    const result = await verifyChain(database, { checkpoints: kept });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const last = result.lastVerifiedAt ? ` (last verified entry ${result.lastVerifiedSeq} at ${result.lastVerifiedAt.toISOString()})` : '';
    const { checked, firstBad, notCheckedAfterBreak } = result.checkpoints;
    const signed = `${checked} signed ${checked === 1 ? 'checkpoint matches' : 'checkpoints match'} the entries`;
    const anchors = kept
      ? `Checked against the ${kept.length} signed checkpoints of ${values.checkpoints ?? ''}.`
      : 'Checked against the signed checkpoints stored in this database (which whoever can change the database can replace).';
    if (result.ok) {
      console.log(
        `Consent log intact: ${result.entriesChecked} ${result.entriesChecked === 1 ? 'entry' : 'entries'} verified in ${seconds} s${last}; ${signed}.`,
      );
      console.log(anchors);
      if (!config) {
        console.log('No witnesses are configured (WITNESS_POLICY_FILE): nothing outside this database confirms the log.');
        return 0;
      }
      return reportWitnesses(await verifyAgainstWitnesses(database.prisma, config));
    }
    if (result.firstBroken) {
      console.error(
        `Consent log BROKEN at entry ${result.firstBroken.seq}: ${result.firstBroken.problem}. Verified up to entry ${result.lastVerifiedSeq}${last}.`,
      );
    } else {
      console.error(
        `Consent log entries link up: ${result.entriesChecked} verified in ${seconds} s${last}; but a signed checkpoint contradicts them.`,
      );
    }
    if (firstBad) console.error(`Checkpoint over ${firstBad.treeSize} entries does NOT verify: ${firstBad.problem} (${signed} before it).`);
    if (notCheckedAfterBreak > 0)
      console.error(
        `${notCheckedAfterBreak} signed ${notCheckedAfterBreak === 1 ? 'checkpoint covers' : 'checkpoints cover'} entries after the break: not checked.`,
      );
    console.error(anchors);
    if (config) reportWitnesses(await verifyAgainstWitnesses(database.prisma, config));
    return 2;
  } finally {
    await database.close();
  }
}

runCommand(main);
