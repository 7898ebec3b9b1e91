// npm run log:verify — recomputes the whole consent log chain and names the first broken entry, and checks
// every signed checkpoint (signature with the published keys, root recomputed from the entries).
// Exit code: 0 intact, 2 broken, 1 could not run (e.g. the embedded database is open in the app).
import './load-env';
import { runCommand } from './run-command';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/audit-log/verify-chain';
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
    const { checked, firstBad } = result.checkpoints;
    const signed = `${checked} signed ${checked === 1 ? 'checkpoint matches' : 'checkpoints match'} the entries`;
    if (result.ok) {
      console.log(`Consent log intact: ${result.entriesChecked} ${result.entriesChecked === 1 ? 'entry' : 'entries'} verified in ${seconds} s${last}; ${signed}.`);
      return 0;
    }
    if (result.firstBroken) {
      console.error(`Consent log BROKEN at entry ${result.firstBroken.seq}: ${result.firstBroken.problem}. Verified up to entry ${result.lastVerifiedSeq}${last}.`);
    }
    if (firstBad) console.error(`Checkpoint over ${firstBad.treeSize} entries does NOT verify: ${firstBad.problem} (${signed} before it).`);
    return 2;
  } finally {
    await database.close();
  }
}

runCommand(main);
