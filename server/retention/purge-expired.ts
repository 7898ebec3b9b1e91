import 'server-only';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { TOpenDatabase } from '@/server/db/client';
import { type TPurgeCounts, countExpired, noRecords } from '@/server/retention/count-expired';
import {
  deleteConsultationsBatch,
  deleteLogExportsBatch,
  deleteRowsBatch,
  eraseCallbackPhonesBatch,
  eraseLogFacetsBatch,
  eraseLogPersonalBatch,
} from '@/server/retention/erase-expired-batch';
import { withPurgeLock } from '@/server/retention/purge-lock';
import { RECORD_TYPES, type TCutoffs } from '@/server/retention/retention-cutoffs';

/** Records per transaction: small enough that no batch holds locks for long, large enough to be quick. */
export const PURGE_BATCH = 1000;

export type TPurgeResult =
  /** Another purge is running (another instance, or the command): it erases the same records. */
  { kind: 'busy' } | { kind: 'dry-run' | 'nothing-expired' | 'purged'; cutoffs: TCutoffs; found: TPurgeCounts; erased: TPurgeCounts };

const none = (): TPurgeCounts => ({
  consentLog: 0,
  logFacets: 0,
  consultations: 0,
  consentDecisions: 0,
  violations: 0,
  callbackPhones: 0,
  sessions: 0,
  loginFailures: 0,
  passwordLetters: 0,
  webhookEvents: 0,
  logExports: 0,
});

/** Walks a batch that pages by sequence number until it finds nothing more. */
async function bySeq(run: (afterSeq: bigint) => Promise<{ erased: number; lastSeq: bigint | null }>): Promise<number> {
  let total = 0;
  let afterSeq = 0n;
  for (;;) {
    const done = await run(afterSeq);
    total += done.erased;
    if (done.lastSeq === null) return total;
    afterSeq = done.lastSeq;
  }
}

function isoCutoffs(cutoffs: TCutoffs): Record<string, string> {
  return Object.fromEntries(RECORD_TYPES.map((type) => [type, cutoffs[type].toISOString()]));
}

/** Repeats a batch until it comes back short (nothing, or only rows another transaction holds, left). */
async function untilShort(batch: number, run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await run();
    total += done;
    if (done < batch) return total;
  }
}

/**
 * Erases the personal data of every record past its retention period (docs/decisions/0029): log
 * entries' personal rows and the people in their explorer facets (the entries and their commitments
 * stay, so the chain and the signed checkpoints still verify), consultations with their consent
 * decisions and violations (unless a case is still open), callback numbers, sessions, failed
 * sign-ins, handled webhook ids and log exports. One purge at a time; in batches.
 *
 * The run is logged before anything goes (cut-offs and counts, no personal data) and that entry is
 * integrated at once: the verifier accepts a missing personal row only where a purge later in the log
 * covers it, so no erased row is ever without its purge entry, even if the run is interrupted.
 */
export async function purgeExpired(
  database: TOpenDatabase,
  options: { cutoffs: TCutoffs; dryRun?: boolean; batch?: number },
): Promise<TPurgeResult> {
  const { cutoffs, dryRun = false, batch = PURGE_BATCH } = options;
  const { prisma } = database;
  const result = await withPurgeLock(database, async (): Promise<TPurgeResult> => {
    // Queued entries take their place in the chain first: only integrated entries' personal rows may go.
    await integrateQueuedEntries(prisma);
    const found = await countExpired(prisma, cutoffs);
    const erased = none();
    if (dryRun) return { kind: 'dry-run', cutoffs, found, erased };
    if (noRecords(found)) return { kind: 'nothing-expired', cutoffs, found, erased };

    const entry = await appendLogEntryAlone(database.direct, {
      eventType: LOG_EVENT.retentionPurged,
      payload: { cutoffs: isoCutoffs(cutoffs), records: found, by: 'gateway' },
    });
    await integrateQueuedEntries(prisma);
    if (!(await prisma.logEntry.findUnique({ where: { queueId: entry.queueId }, select: { seq: true } }))) {
      throw new Error('the purge entry is not in the chain yet; nothing was erased');
    }

    // Exports first: person-filtered ones are found by the facets erased next.
    erased.logExports = await untilShort(batch, () => deleteLogExportsBatch(prisma, cutoffs.logExports, cutoffs.consentLog, batch));
    erased.consentLog = await bySeq((after) => eraseLogPersonalBatch(prisma, cutoffs.consentLog, after, batch));
    erased.logFacets = await bySeq((after) => eraseLogFacetsBatch(prisma, cutoffs.consentLog, after, batch));
    erased.consultations = await untilShort(batch, async () => {
      const done = await deleteConsultationsBatch(prisma, cutoffs.consultations, batch);
      erased.consentDecisions += done.consentDecisions;
      erased.violations += done.violations;
      return done.consultations;
    });
    erased.callbackPhones = await untilShort(batch, () => eraseCallbackPhonesBatch(prisma, cutoffs.callbackPhones, batch));
    for (const type of ['sessions', 'loginFailures', 'passwordLetters', 'webhookEvents'] as const) {
      erased[type] = await untilShort(batch, () => deleteRowsBatch(prisma, type, cutoffs[type], batch));
    }
    return { kind: 'purged', cutoffs, found, erased };
  });
  return result ?? { kind: 'busy' };
}
