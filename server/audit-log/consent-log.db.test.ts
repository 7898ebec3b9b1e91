import pg from 'pg';
import { expect, it } from 'vitest';
import { appendLogEntry, appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { chainHash, leafHash } from '@/server/audit-log/entry-hashing';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';
import { entryBytesSql, forgedEntryAfter, setPayloadSql, setPersonalDataSql } from '@/tests/backdate';
import { directSql } from '@/server/db/direct-sql';
import { Prisma } from '@/server/db/generated/client';
import { type TTestDatabase, createTestDatabase, describeEachDatabase, useTestDatabase } from '@/tests/database';

async function superuserSql(db: TTestDatabase, sql: string) {
  // As an operator with superuser rights would: switch the triggers off, tamper, switch them on.
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    await tx.$executeRawUnsafe(sql);
  });
}

describeEachDatabase('consent log', (kind) => {
  const database = useTestDatabase(kind);

  const append = (i: number) =>
    database().prisma.$transaction((tx) =>
      appendLogEntry(tx, {
        eventType: LOG_EVENT.consentGiven,
        consultationId: '00000000-0000-4000-8000-000000000001',
        payload: { n: i, choices: { transmission: true, recording: false } },
        personal: { actorId: '00000000-0000-4000-8000-0000000000aa', ipPseudonym: 'net:abcd' },
      }),
    );

  it('integrates concurrent appends, with integrators racing, into one dense chain', async () => {
    const integrators: Promise<number>[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await append(i);
        if (i % 10 === 0) integrators.push(integrateQueuedEntries(database().prisma, 7));
      }),
    );
    await Promise.all(integrators);
    await integrateQueuedEntries(database().prisma);
    const seqs = (await database().prisma.logEntry.findMany({ select: { seq: true }, orderBy: { seq: 'asc' } })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i + 1)));
    expect(await database().prisma.logQueueEntry.count()).toBe(0);
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: 40, lastVerifiedSeq: 40n, firstBroken: null });
  });

  it('rolls the entry back with a failed transaction', async () => {
    await expect(
      database().prisma.$transaction(async (tx) => {
        await appendLogEntry(tx, { eventType: LOG_EVENT.joinDenied, payload: { reason: 'test' } });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    expect(await database().prisma.logQueueEntry.count()).toBe(0);
    await append(99);
    await integrateQueuedEntries(database().prisma);
    expect(await database().prisma.logEntry.count()).toBe(41);
    expect((await verifyChain(database())).ok).toBe(true);
  });

  it('does not mistake entries integrated during a check for a gap', async () => {
    const appending = Promise.all(
      Array.from({ length: 30 }, (_, i) => append(1000 + i).then(() => integrateQueuedEntries(database().prisma))),
    );
    const checks = await Promise.all(Array.from({ length: 5 }, () => verifyChain(database())));
    await appending;
    expect(checks.map((c) => c.firstBroken)).toEqual([null, null, null, null, null]);
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: 71 });
  });

  it('lets the database refuse every change that would break the log', async () => {
    const sql = (text: string) => database().prisma.$executeRawUnsafe(text);
    await expect(sql(`UPDATE consent_log SET leaf_hash = leaf_hash WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM consent_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(sql('TRUNCATE consent_log')).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE consent_log_personal SET salt = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE consent_log_head SET seq = seq + 1`)).rejects.toThrow(/moves only when entries are inserted/);

    const queued = await append(5000);
    await expect(sql(`DELETE FROM consent_log_queue WHERE id = ${queued.queueId}`)).rejects.toThrow(
      /only leave the queue once it is in the log/,
    );
    await expect(sql(`UPDATE consent_log_queue SET event_type = 'x'`)).rejects.toThrow(/append-only/);

    const head = await database().prisma.logHead.findUniqueOrThrow({ where: { id: 1 } });
    const forged = forgedEntryAfter(head);
    const insert = (seq: bigint, chain: (leaf: string) => string) => {
      const entry = { ...forged, seq };
      const leaf = leafHash(entry);
      return sql(`INSERT INTO consent_log (seq, queue_id, leaf_hash, chain_hash, canonical)
                  VALUES (${seq}, 999999, '${leaf}', '${chain(leaf)}', ${entryBytesSql(entry)})`);
    };
    await expect(insert(head.seq + 2n, (leaf) => chainHash(head.chainHash, leaf))).rejects.toThrow(/not the next ones/);
    await expect(insert(head.seq + 1n, (leaf) => chainHash('00'.repeat(32), leaf))).rejects.toThrow(/does not chain to the entry before/);
    await integrateQueuedEntries(database().prisma);
    expect(await database().prisma.logEntry.count()).toBe(72);
  });

  it('names the first changed entry, a deleted entry, and changed personal fields', async () => {
    await superuserSql(
      database(),
      `UPDATE consent_log SET ${setPayloadSql(`'{"n": 7, "choices": {"transmission": true, "recording": true}}'`)} WHERE seq = 12`,
    );
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 12n, problem: 'leaf-hash-mismatch' });
    await superuserSql(database(), `DELETE FROM consent_log WHERE seq = 5`);
    expect(await verifyChain(database())).toMatchObject({
      ok: false,
      lastVerifiedSeq: 4n,
      firstBroken: { seq: 5n, problem: 'sequence-gap' },
    });
    const third = await database().prisma.logEntry.findUniqueOrThrow({ where: { seq: 3n }, select: { queueId: true } });
    await superuserSql(
      database(),
      `UPDATE consent_log_personal SET ${setPersonalDataSql(`'{"actorId": "someone-else"}'`)} WHERE queue_id = ${third.queueId}`,
    );
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 3n, problem: 'personal-data-mismatch' });
  });

  it('appends an entry without a state change on its own, with its personal row', async () => {
    const before = await database().prisma.logQueueEntry.count();
    const entry = await appendLogEntryAlone(database().direct, {
      eventType: LOG_EVENT.joinDenied,
      payload: { reason: 'alone' },
      personal: { actorId: '00000000-0000-4000-8000-0000000000bb' },
    });
    expect(await database().prisma.logQueueEntry.count()).toBe(before + 1);
    const personal = await database().prisma.$queryRaw<
      { data: unknown }[]
    >`SELECT data FROM consent_log_personal WHERE queue_id = ${entry.queueId}`;
    expect(personal).toEqual([{ data: { actorId: '00000000-0000-4000-8000-0000000000bb' } }]);
    // (The chain was tampered with above; integration still links the new entry to the head.)
    await integrateQueuedEntries(database().prisma);
    expect(await database().prisma.logEntry.count({ where: { queueId: entry.queueId } })).toBe(1);
  });
});

it('prepares an append once per PostgreSQL connection, one statement for each shape of entry (0064)', async () => {
  const db = await createTestDatabase('postgres');
  if (db.target.kind !== 'postgres') throw new Error('expected a database on the PostgreSQL server');
  // One connection, so that pg_prepared_statements (per session) shows what the appends left on it.
  const pool = new pg.Pool({ connectionString: db.target.url, max: 1 });
  try {
    const direct = directSql({ pool });
    for (const n of [1, 2]) {
      await appendLogEntryAlone(direct, {
        eventType: LOG_EVENT.joinDenied,
        payload: { n },
        personal: { actorId: '00000000-0000-4000-8000-0000000000cc' },
      });
      await appendLogEntryAlone(direct, { eventType: LOG_EVENT.joinDenied, payload: { n } });
    }
    const held = await direct<{ name: string; calls: string }>(
      Prisma.sql`SELECT name, (generic_plans + custom_plans)::text AS calls FROM pg_prepared_statements ORDER BY name`,
    );
    expect(held).toEqual([
      { name: 'append-entry', calls: '2' },
      { name: 'append-impersonal-entry', calls: '2' },
    ]);
    expect(await db.prisma.logQueueEntry.count()).toBe(4);
    expect(await db.prisma.logEntryPersonal.count()).toBe(2);
  } finally {
    await pool.end();
    await db.drop();
  }
});
