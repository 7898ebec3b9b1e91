// Each log entry keeps the bytes its leaf hash covers (docs/decisions/0075): the database refuses an entry
// without them, lets them be filled in only once and only correctly, the backfill stores them for older
// entries and skips changed ones, and the verifier checks the columns against them.
import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { chainHash, entryCanonicalBytes, leafHash } from '@/server/audit-log/entry-hashing';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { storeEntryBytes } from '@/server/audit-log/store-entry-bytes';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { verifyChain } from '@/server/transparency/verify-chain';
import { asSuperuser } from '@/tests/backdate';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';

const ENTRIES = 12;

describeEachDatabase('stored entry bytes', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;
  const sql = (text: string) => prisma().$executeRawUnsafe(text);

  async function stored() {
    const entries = await prisma().logEntry.findMany({ orderBy: { seq: 'asc' } });
    const personal = await prisma().logEntryPersonal.findMany({ orderBy: { queueId: 'asc' } });
    return { entries, personal };
  }

  it('are written with every entry and personal row, and are what the leaf hash and the commitment cover', async () => {
    for (let i = 0; i < ENTRIES; i++) {
      await prisma().$transaction((tx) =>
        appendLogEntry(tx, {
          eventType: LOG_EVENT.consentGiven,
          consultationId: '00000000-0000-4000-8000-000000000001',
          payload: { n: i, note: 'Einwilligung „erteilt" – ü', choices: { transmission: true, recording: false } },
          personal: { actorId: '00000000-0000-4000-8000-0000000000aa', ipPseudonym: `net:${i}` },
        }),
      );
    }
    await integrateQueuedEntries(prisma());
    const { entries, personal } = await stored();
    expect(entries).toHaveLength(ENTRIES);
    for (const e of entries) {
      const expected = entryCanonicalBytes({ ...e, payload: e.payload as TCanonicalValue });
      expect(Buffer.from(e.canonical!).equals(expected)).toBe(true);
      expect(leafHash({ ...e, payload: e.payload as TCanonicalValue })).toBe(e.leafHash);
    }
    expect(personal.map((p) => JSON.parse(Buffer.from(p.canonical!).toString('utf8')) as unknown)).toEqual(personal.map((p) => p.data));
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: ENTRIES });
  });

  it('are refused by the database when missing or not what the leaf hash covers, also where the chain links up', async () => {
    const head = await prisma().logHead.findUniqueOrThrow({ where: { id: 1 } });
    const forged = {
      seq: head.seq + 1n,
      recordedAt: new Date(),
      eventType: 'forged',
      consultationId: null,
      payload: {},
      personalCommitment: null,
    };
    const leaf = leafHash(forged);
    const insert = (bytes: string) =>
      sql(`INSERT INTO consent_log (seq, queue_id, recorded_at, event_type, payload, leaf_hash, chain_hash, canonical)
           VALUES (${forged.seq}, 999999, '${forged.recordedAt.toISOString()}', 'forged', '{}', '${leaf}', '${chainHash(head.chainHash, leaf)}', ${bytes})`);
    await expect(insert('NULL')).rejects.toThrow(/does not carry the bytes its leaf hash covers/);
    await expect(insert(`convert_to('{"forged":true}', 'UTF8')`)).rejects.toThrow(/does not carry the bytes its leaf hash covers/);
    await insert(`decode('${entryCanonicalBytes(forged).toString('hex')}', 'hex')`);
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: ENTRIES + 1 });
  });

  it('may be filled in once, only with the right bytes, and never changed', async () => {
    const [first] = (await stored()).entries;
    const right = `decode('${Buffer.from(first!.canonical!).toString('hex')}', 'hex')`;
    await expect(sql(`UPDATE consent_log SET canonical = convert_to('{}', 'UTF8') WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await asSuperuser(prisma(), 'UPDATE consent_log SET canonical = NULL WHERE seq = 1');
    await expect(sql(`UPDATE consent_log SET canonical = convert_to('{}', 'UTF8') WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE consent_log SET canonical = ${right}, event_type = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await sql(`UPDATE consent_log SET canonical = ${right} WHERE seq = 1`);
    await expect(sql(`UPDATE consent_log_personal SET canonical = convert_to('{}', 'UTF8')`)).rejects.toThrow(/append-only/);
  });

  it('are stored for older entries by the backfill, which skips entries whose columns were changed', async () => {
    const before = await stored();
    await asSuperuser(
      prisma(),
      'UPDATE consent_log SET canonical = NULL',
      'UPDATE consent_log_personal SET canonical = NULL',
      `UPDATE consent_log SET payload = jsonb_set(payload, '{choices,recording}', 'true') WHERE seq = 5`,
      `UPDATE consent_log_personal SET data = '{"actorId": "someone-else"}' WHERE queue_id = ${before.entries[7]!.queueId}`,
    );
    // Without bytes, the verifier hashes the fields as before.
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 5n, problem: 'leaf-hash-mismatch' });

    const report = await storeEntryBytes(database().direct);
    expect(report).toEqual({
      entries: ENTRIES,
      personalRows: ENTRIES - 1,
      mismatchedEntries: [5n],
      mismatchedPersonal: [before.entries[7]!.queueId],
    });
    const after = await stored();
    after.entries.forEach((e, i) => expect(e.canonical, `entry ${e.seq}`).toEqual(e.seq === 5n ? null : before.entries[i]!.canonical));
    expect(await storeEntryBytes(database().direct), 'repeated: nothing more to store').toMatchObject({ entries: 0, personalRows: 0 });
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 5n, problem: 'leaf-hash-mismatch' });
  });

  it('let the verifier name an entry whose columns or bytes were changed, and a changed personal row', async () => {
    // Restore the log as the first test wrote it: the changed rows get their columns back.
    const payload = (await prisma().logEntry.findUniqueOrThrow({ where: { seq: 4n } })).payload;
    const fifth = { ...(payload as { [key: string]: TCanonicalValue }), n: 4 };
    const eighth = await prisma().logEntry.findUniqueOrThrow({ where: { seq: 8n } });
    await asSuperuser(
      prisma(),
      `UPDATE consent_log SET payload = '${JSON.stringify(fifth)}'::jsonb WHERE seq = 5`,
      `UPDATE consent_log_personal SET data = '{"actorId": "00000000-0000-4000-8000-0000000000aa", "ipPseudonym": "net:7"}' WHERE queue_id = ${eighth.queueId}`,
    );
    await storeEntryBytes(database().direct);
    expect(await verifyChain(database())).toMatchObject({ ok: true });

    const cases: [string, string, { seq: bigint; problem: string }][] = [
      ['a column', `UPDATE consent_log SET event_type = 'consent.refused' WHERE seq = 3`, { seq: 3n, problem: 'leaf-hash-mismatch' }],
      [
        'the time',
        `UPDATE consent_log SET recorded_at = recorded_at + interval '1 ms' WHERE seq = 3`,
        { seq: 3n, problem: 'leaf-hash-mismatch' },
      ],
      [
        'the bytes',
        `UPDATE consent_log SET canonical = convert_to('{"v":1}', 'UTF8') WHERE seq = 6`,
        { seq: 6n, problem: 'leaf-hash-mismatch' },
      ],
      [
        'bytes that are not text',
        `UPDATE consent_log SET canonical = decode('ff00', 'hex') WHERE seq = 6`,
        { seq: 6n, problem: 'leaf-hash-mismatch' },
      ],
      [
        'personal data',
        `UPDATE consent_log_personal SET data = '{"actorId": "someone-else"}' WHERE queue_id = ${eighth.queueId}`,
        { seq: 8n, problem: 'personal-data-mismatch' },
      ],
      [
        'personal bytes',
        `UPDATE consent_log_personal SET canonical = convert_to('{"actorId":"someone-else"}', 'UTF8') WHERE queue_id = ${eighth.queueId}`,
        { seq: 8n, problem: 'personal-data-mismatch' },
      ],
    ];
    await asSuperuser(
      prisma(),
      'CREATE TABLE bytes_backup_log AS SELECT * FROM consent_log',
      'CREATE TABLE bytes_backup_personal AS SELECT * FROM consent_log_personal',
    );
    for (const [what, change, broken] of cases) {
      await asSuperuser(prisma(), change);
      expect((await verifyChain(database())).firstBroken, what).toEqual(broken);
      await asSuperuser(
        prisma(),
        'DELETE FROM consent_log',
        'INSERT INTO consent_log SELECT * FROM bytes_backup_log',
        'DELETE FROM consent_log_personal',
        'INSERT INTO consent_log_personal SELECT * FROM bytes_backup_personal',
      );
    }
    expect(await verifyChain(database())).toMatchObject({ ok: true });
  });
});
