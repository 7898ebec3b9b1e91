// npm run log:store-bytes — once after upgrading to a version that keeps each log entry's hashed bytes
// (docs/decisions/0075): stores them for the entries and personal rows written before, each only if its
// columns still give the hash the log committed to. Safe to repeat; the app may keep running.
// Exit code: 0 all stored, 2 some rows no longer match their hashes (run npm run log:verify), 1 could not run.
import './load-env';
import { runCommand } from './run-command';
import { storeEntryBytes } from '@/server/audit-log/store-entry-bytes';
import { databaseTarget } from '@/server/db/database-target';
import { openDriverAdapter } from '@/server/db/driver-adapter';

async function main(): Promise<number> {
  const { direct, close } = await openDriverAdapter(databaseTarget(), { poolSize: 1 });
  try {
    const report = await storeEntryBytes(direct);
    console.log(`Stored the hashed bytes of ${report.entries} log entries and ${report.personalRows} personal rows.`);
    const first = (list: bigint[]) => list.slice(0, 10).join(', ') + (list.length > 10 ? ', …' : '');
    if (report.mismatchedEntries.length)
      console.error(
        `${report.mismatchedEntries.length} entries no longer give their leaf hash, left as they are: ${first(report.mismatchedEntries)}`,
      );
    if (report.mismatchedPersonal.length)
      console.error(
        `${report.mismatchedPersonal.length} personal rows no longer give their commitment (queue ids), left as they are: ${first(report.mismatchedPersonal)}`,
      );
    return report.mismatchedEntries.length || report.mismatchedPersonal.length ? 2 : 0;
  } finally {
    await close();
  }
}

runCommand(main);
