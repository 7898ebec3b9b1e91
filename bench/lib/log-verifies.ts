import type { TDatabaseTarget } from '@/server/db/database-target';
import { openDatabase } from '@/server/db/client';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';

/** After a load: every acknowledged consent is in the log, and the log verifies; throws, naming the break, if not. */
export async function assertLogVerifies(target: TDatabaseTarget, verifierKeys?: string[]): Promise<void> {
  const check = await openDatabase(target);
  try {
    await integrateQueuedEntries(check.prisma);
    const verified = await verifyChain(check, { verifierKeys });
    if (!verified.ok)
      throw new Error(
        `the log did not verify after the run: ${JSON.stringify(verified.firstBroken ?? verified.checkpoints.firstBad, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
  } finally {
    await check.close();
  }
}
