import 'server-only';
import { statSync } from 'node:fs';
import pg from 'pg';
import type { TVerifyResult } from '@/server/transparency/chain-verifier';
import { verifyChain } from '@/server/transparency/verify-chain';
import { dumpDatabase, restoreDatabase } from '@/server/backup/postgres-tools';
import { createFreshDatabase } from '@/server/db/maintenance-database';
import type { TCheckpointToCheck } from '@/shared/transparency/checkpoint-verifier';

/** A checkpoint as /api/log/checkpoints publishes it (one JSON line each), kept outside the database. */
export type TKeptCheckpoint = TCheckpointToCheck;

/** The checkpoints signed so far, read from the live database (what /api/log/checkpoints would serve now). */
export async function readCheckpoints(url: string): Promise<TKeptCheckpoint[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tree_size: string; note: string }>(
      'SELECT tree_size::text AS tree_size, note FROM log_checkpoint ORDER BY tree_size',
    );
    return rows.map((row) => ({ treeSize: BigInt(row.tree_size), note: row.note }));
  } finally {
    await client.end();
  }
}

/** Parses the JSON Lines of /api/log/checkpoints; a line that is not a checkpoint is an error, not skipped. */
export function parseCheckpointLines(text: string): TKeptCheckpoint[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = JSON.parse(line) as { treeSize?: unknown; note?: unknown };
      if (
        typeof parsed.treeSize !== 'number' ||
        !Number.isSafeInteger(parsed.treeSize) ||
        parsed.treeSize < 1 ||
        typeof parsed.note !== 'string'
      ) {
        throw new Error(`line ${i + 1} is not a checkpoint ({"treeSize", "note"})`);
      }
      return { treeSize: BigInt(parsed.treeSize), note: parsed.note };
    });
}

/** Dumps the source with pg_dump -Fc and restores it into a fresh database of the given URL. */
export async function backUpAndRestore(sourceUrl: string, restoreUrl: string, dumpFile: string): Promise<{ dumpBytes: number }> {
  await dumpDatabase(sourceUrl, dumpFile);
  await createFreshDatabase(restoreUrl);
  await restoreDatabase(dumpFile, restoreUrl);
  return { dumpBytes: statSync(dumpFile).size };
}

export type TRestoredLogCheck = {
  ok: boolean;
  /** The restored log's chain and its own (restored) checkpoints. */
  chain: TVerifyResult;
  /** The checkpoints kept from before the dump, each checked against the restored entries. */
  kept: TVerifyResult['checkpoints'] & { total: number };
};

/**
 * Verifies a restored log: the chain recomputed entry by entry with the restored checkpoints, and
 * then every checkpoint kept from before the dump (signature with the published keys, root hash
 * recomputed from the restored entries up to its size). The second check is the one that matters: the
 * restored checkpoint table came out of the same dump and proves nothing about a changed dump.
 */
export async function verifyRestoredLog(restoreUrl: string, kept: TKeptCheckpoint[]): Promise<TRestoredLogCheck> {
  const target = { target: { kind: 'postgres' as const, url: restoreUrl }, pglite: null };
  const chain = await verifyChain(target);
  const againstKept = await verifyChain(target, { checkpoints: kept });
  const keptResult = { ...againstKept.checkpoints, total: kept.length };
  return { ok: chain.ok && againstKept.ok && keptResult.checked === kept.length, chain, kept: keptResult };
}
