// npm run log:verify — recomputes the whole consent log chain and names the first broken entry, and checks
// every signed checkpoint (signature with the published keys, root recomputed from the entries).
// Exit code: 0 intact, 2 broken, 1 could not run (e.g. the embedded database is open in the app).
import './load-env';
import { runCommand } from './run-command';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';
import { openDatabase } from '@/server/db/client';
import { databaseTarget } from '@/server/db/database-target';

async function main(): Promise<number> {
  const database = await openDatabase(databaseTarget());
  try {
    // Entries still queued (e.g. left by a stopped app) join the chain first, then everything is checked.
    const integrated = await integrateQueuedEntries(database.prisma);
    if (integrated) console.log(`Integrated ${integrated} queued ${integrated === 1 ? 'entry' : 'entries'} into the chain.`);
    const started = Date.now();
    const result = await verifyChain(database);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const last = result.lastVerifiedAt ? ` (last verified entry ${result.lastVerifiedSeq} at ${result.lastVerifiedAt.toISOString()})` : '';
    const { checked, firstBad, notCheckedAfterBreak } = result.checkpoints;
    const signed = `${checked} signed ${checked === 1 ? 'checkpoint matches' : 'checkpoints match'} the entries`;
    const anchors =
      'Checked against the signed checkpoints stored in this database only (for an independent check: npm run db:restore-drill -- --checkpoints FILE).';
    if (result.ok) {
      console.log(
        `Consent log intact: ${result.entriesChecked} ${result.entriesChecked === 1 ? 'entry' : 'entries'} verified in ${seconds} s${last}; ${signed}.`,
      );
      console.log(anchors);
      return 0;
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
    return 2;
  } finally {
    await database.close();
  }
}

runCommand(main);
