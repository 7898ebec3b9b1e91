// npm run retention:purge [-- --dry-run]   erase the personal data of records past their retention
// period (docs/decisions/0029); --dry-run only counts what would go. Exit code: 0 done (or nothing
// expired), 2 bad arguments, 3 another purge is running, 1 could not run (e.g. the embedded database
// is open in the app, or the configuration is invalid).
import './load-env';
import { parseArgs } from 'node:util';
import { runCommand } from './run-command';
import { openDatabase } from '@/server/db/client';
import { databaseTarget } from '@/server/db/database-target';
import type { TPurgeCounts } from '@/server/retention/count-expired';
import { purgeExpired } from '@/server/retention/purge-expired';
import { RECORD_TYPES, retentionCutoffs } from '@/server/retention/retention-cutoffs';

const LABELS: Record<keyof TPurgeCounts, string> = {
  consentLog: 'personal data of log entries',
  logFacets: '  people in their facets',
  consultations: 'consultations',
  consentDecisions: '  their consent decisions',
  violations: '  their violations',
  callbackPhones: 'callback numbers',
  sessions: 'sessions',
  loginFailures: 'failed sign-ins',
  passwordLetters: 'password letters',
  webhookEvents: 'handled webhook deliveries',
  logExports: 'log exports',
};

function table(counts: TPurgeCounts): string {
  return (Object.keys(LABELS) as (keyof TPurgeCounts)[]).map((k) => `  ${LABELS[k].padEnd(30)} ${counts[k]}`).join('\n');
}

async function main(): Promise<number> {
  let dryRun: boolean;
  try {
    dryRun = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false } } }).values['dry-run'];
  } catch {
    console.error('Usage: npm run retention:purge [-- --dry-run]');
    return 2;
  }
  const cutoffs = retentionCutoffs(new Date());
  console.log('Cut-offs (records before these times have expired):');
  for (const type of RECORD_TYPES) console.log(`  ${type.padEnd(30)} ${cutoffs[type].toISOString()}`);
  const database = await openDatabase(databaseTarget());
  try {
    const result = await purgeExpired(database, { cutoffs, dryRun });
    if (result.kind === 'busy') {
      console.error('Another retention purge is running; it erases the same records.');
      return 3;
    }
    if (result.kind === 'dry-run') console.log(`Would erase (dry run, nothing changed):\n${table(result.found)}`);
    else if (result.kind === 'nothing-expired') console.log('Nothing has expired; nothing changed, nothing logged.');
    else console.log(`Erased (logged as one retention.purged entry):\n${table(result.erased)}`);
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main);
