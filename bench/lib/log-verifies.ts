import type { TDatabaseTarget } from '@/server/db/database-target';
import { openDatabase } from '@/server/db/client';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { type TVerifyResult, verifyChain } from '@/server/transparency/verify-chain';
import { benchVerifierKey } from './app-server';

const CHECKPOINT_PROBLEMS: Record<string, string> = {
  'unknown-key': 'is signed with a key the bench does not know (did an app read another LOG_SIGNING_KEY, e.g. from .env.local?)',
  'bad-signature': 'has a signature that does not verify',
  malformed: 'is not a well-formed signed note',
  'root-mismatch': "names a root the log's entries do not rebuild",
  'beyond-log': 'covers more entries than the log holds',
};

/** What went wrong, in words a person running the bench can act on. */
export function verificationProblem(verified: TVerifyResult): string {
  const parts: string[] = [];
  if (verified.firstBroken) parts.push(`entry ${verified.firstBroken.seq} fails (${verified.firstBroken.problem})`);
  const bad = verified.checkpoints.firstBad;
  if (bad) parts.push(`the checkpoint of ${bad.treeSize} entries ${CHECKPOINT_PROBLEMS[bad.problem] ?? bad.problem}`);
  return parts.join('; ') || 'no entry or checkpoint named';
}

/** After a load: every acknowledged consent is in the log, and the log verifies; throws, naming the break, if not. */
export async function assertLogVerifies(target: TDatabaseTarget): Promise<void> {
  const check = await openDatabase(target);
  try {
    await integrateQueuedEntries(check.prisma);
    const verified = await verifyChain(check, { verifierKeys: [benchVerifierKey()] });
    if (!verified.ok) throw new Error(`the log did not verify after the run: ${verificationProblem(verified)}`);
  } finally {
    await check.close();
  }
}
