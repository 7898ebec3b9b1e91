import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { verifyChain } from '@/server/audit-log/verify-chain';
import { type TTestDatabase, describeEachDatabase, useTestDatabase } from '@/tests/database';

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
        personal: { actorId: '00000000-0000-4000-8000-0000000000aa', ipPseudonym: 'ip1:abcd' },
      }),
    );

  it('gives dense sequence numbers under concurrent appends and verifies', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => append(i)));
    const seqs = results.map((r) => r.seq).sort((a, b) => (a < b ? -1 : 1));
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i + 1)));
    const verified = await verifyChain(database());
    expect(verified).toMatchObject({ ok: true, entriesChecked: 40, lastVerifiedSeq: 40n, firstBroken: null });
  });

  it('rolls the entry back with a failed transaction, leaving no gap', async () => {
    await expect(
      database().prisma.$transaction(async (tx) => {
        await appendLogEntry(tx, { eventType: LOG_EVENT.joinDenied, payload: { reason: 'test' } });
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const next = await append(99);
    expect(next.seq).toBe(41n);
    expect((await verifyChain(database())).ok).toBe(true);
  });

  it('does not mistake entries appended during the check for a gap', async () => {
    const appending = Promise.all(Array.from({ length: 30 }, (_, i) => append(1000 + i)));
    const checks = await Promise.all(Array.from({ length: 5 }, () => verifyChain(database())));
    await appending;
    expect(checks.map((c) => c.firstBroken)).toEqual([null, null, null, null, null]);
    const final = await verifyChain(database());
    expect(final).toMatchObject({ ok: true, entriesChecked: 71 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the log in the database itself', async () => {
    await expect(database().prisma.$executeRawUnsafe(`UPDATE consent_log SET event_type = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(database().prisma.$executeRawUnsafe('DELETE FROM consent_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(database().prisma.$executeRawUnsafe('TRUNCATE consent_log')).rejects.toThrow(/append-only/);
    await expect(database().prisma.$executeRawUnsafe(`UPDATE consent_log_personal SET salt = 'x'`)).rejects.toThrow(/append-only/);
    await expect(
      database().prisma.$executeRawUnsafe(`INSERT INTO consent_log (seq, recorded_at, event_type, payload, leaf_hash, chain_hash)
        VALUES (500, now(), 'forged', '{}', 'x', 'y')`),
    ).rejects.toThrow(/does not match the log head/);
    expect(await database().prisma.logEntry.count()).toBe(71);
  });

  it('names the first changed entry', async () => {
    await superuserSql(database(), `UPDATE consent_log SET payload = '{"n": 7, "choices": {"transmission": true, "recording": true}}' WHERE seq = 12`);
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 12n, problem: 'leaf-hash-mismatch' });
  });

  it('names a deleted entry as a gap, and changed personal fields', async () => {
    await superuserSql(database(), `DELETE FROM consent_log WHERE seq = 5`);
    expect(await verifyChain(database())).toMatchObject({ ok: false, lastVerifiedSeq: 4n, firstBroken: { seq: 5n, problem: 'sequence-gap' } });
    await superuserSql(database(), `UPDATE consent_log_personal SET data = '{"actorId": "someone-else"}' WHERE seq = 3`);
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 3n, problem: 'personal-data-mismatch' });
  });
});
