// The backup/restore drill (issue 8, docs/decisions/0038) on the PostgreSQL server: consents and several
// signed checkpoints, the checkpoints kept apart, pg_dump -Fc, pg_restore into a fresh database, and the
// restored log verified against the kept checkpoints. A restore with one row changed is caught, and so
// is a consistently rewritten log whose own checkpoints were dropped: only the kept ones reveal it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, leafHash } from '@/server/audit-log/entry-hashing';
import { serverMajorVersion } from '@/server/backup/postgres-tools';
import { createFreshDatabase, dropDatabase } from '@/server/db/maintenance-database';
import {
  type TKeptCheckpoint,
  backUpAndRestore,
  parseCheckpointLines,
  readCheckpoints,
  verifyRestoredLog,
} from '@/server/backup/restore-drill';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { applyMigrations } from '@/server/migrate/run-migrations';
import { signCheckpoint } from '@/server/transparency/checkpoints';
import { entryBytesSql, setPayloadSql } from '@/tests/backdate';
import { TEST_PG_URL, useAsProcessDatabase } from '@/tests/database';
import { createScenario, createServices, giveConsent } from '@/tests/scenario';

function urlFor(name: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('backup and restore drill [postgres]', () => {
  const tag = randomBytes(5).toString('hex');
  const sourceUrl = urlFor(`consent_crash_drill_${tag}`);
  const restoreUrl = urlFor(`consent_crash_drill_${tag}_restored`);
  const dumpDir = mkdtempSync(path.join(tmpdir(), 'consent-drill-'));
  const dumpFile = path.join(dumpDir, 'consent.dump');
  let source: TOpenDatabase | undefined; // unset if beforeAll failed before opening it
  let kept: TKeptCheckpoint[];
  let entriesAtDump: number;

  beforeAll(async () => {
    await createFreshDatabase(sourceUrl);
    const migrator = await openDriverAdapter({ kind: 'postgres', url: sourceUrl }, { poolSize: 1 });
    await applyMigrations(migrator.factory);
    await migrator.close();
    source = await openDatabase({ kind: 'postgres', url: sourceUrl });
    useAsProcessDatabase(source);
    // Consents in three rounds, a checkpoint signed after each: several checkpoints of different sizes.
    const services = await createServices(source.prisma);
    for (const round of [3, 2, 4]) {
      for (let i = 0; i < round; i++)
        await giveConsent(source.prisma, await createScenario(source.prisma, services), { recording: i % 2 === 0 });
      await signCheckpoint(source.prisma);
    }
    // Kept outside the database before the dump, as an auditor saves /api/log/checkpoints.
    kept = await readCheckpoints(sourceUrl);
    entriesAtDump = await source.prisma.logEntry.count();
    await backUpAndRestore(sourceUrl, restoreUrl, dumpFile);
    // The source goes on after the dump; the restore holds the state of the dump.
    await giveConsent(source.prisma, await createScenario(source.prisma, services), { recording: false });
    await signCheckpoint(source.prisma);
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    await dropDatabase(sourceUrl);
    await dropDatabase(restoreUrl);
    rmSync(dumpDir, { recursive: true, force: true });
  });

  it('uses pg_dump and pg_restore of the server version', async () => {
    expect(await serverMajorVersion(sourceUrl)).toBeGreaterThanOrEqual(15);
  });

  it('restores a log whose chain verifies and against which every checkpoint signed before the dump verifies', async () => {
    expect(kept.length).toBe(3);
    const check = await verifyRestoredLog(restoreUrl, kept);
    expect(check.chain.firstBroken).toBeNull();
    expect(check.chain.entriesChecked).toBe(entriesAtDump);
    expect(check.kept).toEqual({ checked: 3, firstBad: null, notCheckedAfterBreak: 0, total: 3 });
    expect(check.ok).toBe(true);
    // Restored with its data before its triggers: the restored log still refuses changes.
    await expect(sql(restoreUrl, 'UPDATE consent_log SET event_type = event_type WHERE seq = 1')).rejects.toThrow();
    // Decisions and their entries came back together.
    const [orphans] = await sql<{ n: number }>(
      restoreUrl,
      'SELECT count(*)::int AS n FROM consent_decision d WHERE NOT EXISTS (SELECT 1 FROM consent_log l WHERE l.queue_id = d.log_queue_id)',
    );
    expect(orphans!.n).toBe(0);
  });

  it('reads the checkpoints as /api/log/checkpoints serves them', () => {
    const lines = kept
      .map((c) => JSON.stringify({ treeSize: Number(c.treeSize), createdAt: new Date().toISOString(), note: c.note }))
      .join('\n');
    expect(parseCheckpointLines(`${lines}\n`)).toEqual(kept);
    expect(() => parseCheckpointLines('{"treeSize":"3"}')).toThrow(/line 1/);
  });

  it('detects a restore with one row changed', async () => {
    await sql(
      restoreUrl,
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE consent_log SET ${setPayloadSql(`jsonb_set(payload, '{channel}', '"phone"')`)} WHERE seq = 4; COMMIT;`,
    );
    const check = await verifyRestoredLog(restoreUrl, kept);
    expect(check.ok).toBe(false);
    expect(check.chain.firstBroken).toEqual({ seq: 4n, problem: 'leaf-hash-mismatch' });
    expect(check.kept.checked).toBeLessThan(3);
    // Put back for the next scenario.
    await sql(
      restoreUrl,
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE consent_log SET ${setPayloadSql(`jsonb_set(payload, '{channel}', '"web"')`)} WHERE seq = 4; COMMIT;`,
    );
    expect((await verifyRestoredLog(restoreUrl, kept)).ok).toBe(true);
  });

  it('detects a consistently rewritten log without its own checkpoints only through the checkpoints kept from before the dump', async () => {
    // A changed dump: entry 2 altered, every hash after it recomputed, the head moved along, and the
    // restored checkpoints (which no longer match and cannot be re-signed without the key) dropped.
    const restored = await openDatabase({ kind: 'postgres', url: restoreUrl });
    try {
      const entries = await restored.prisma.logEntry.findMany({ orderBy: { seq: 'asc' } });
      let previous = entries[0]!.chainHash;
      const statements = [
        'SET LOCAL session_replication_role = replica',
        'DELETE FROM log_checkpoint',
        'DELETE FROM merkle_node',
        'UPDATE merkle_tree SET size = 0',
      ];
      for (const entry of entries.slice(1)) {
        const payload = (entry.seq === 2n ? { ...(entry.payload as object), channel: 'phone' } : entry.payload) as TCanonicalValue;
        const leaf = leafHash({ ...entry, payload });
        const chain = chainHash(previous, leaf);
        previous = chain;
        statements.push(
          `UPDATE consent_log SET leaf_hash = '${leaf}', chain_hash = '${chain}', canonical = ${entryBytesSql({ ...entry, payload })} WHERE seq = ${entry.seq}`,
        );
      }
      statements.push(`UPDATE consent_log_head SET chain_hash = '${previous}' WHERE id = 1`);
      await restored.prisma.$transaction(async (tx) => {
        for (const statement of statements) await tx.$executeRawUnsafe(statement);
      });
    } finally {
      await restored.close();
    }
    const check = await verifyRestoredLog(restoreUrl, kept);
    expect(check.chain.ok, 'the rewritten chain is consistent in itself').toBe(true);
    expect(check.kept.firstBad).toEqual({ treeSize: kept[0]!.treeSize, problem: 'root-mismatch' });
    expect(check.ok).toBe(false);
  });
});
