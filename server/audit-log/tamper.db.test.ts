// Tampering as an operator with superuser rights could: the append-only triggers are switched off, rows
// are changed directly, the triggers are switched on again. The verifier must name exactly the entry
// that no longer fits, the kind of problem, and how far the log still verified. Each test restores the
// log afterwards (as superuser again), so every scenario starts from an intact chain.
import { afterEach, beforeAll, expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { chainHash, leafHash } from '@/server/audit-log/entry-hashing';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyChain } from '@/server/transparency/verify-chain';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { signCheckpoint } from '@/server/transparency/checkpoints';
import { SEQ_IN_BYTES, entryBytesSql, restoreLogSql } from '@/tests/backdate';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';

const ENTRIES = 20;
const MEMBER = '00000000-0000-4000-8000-00000000a001';
const CONSULTATION = '00000000-0000-4000-8000-00000000c001';

describeEachDatabase('tampering with the consent log as a superuser', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;

  /** Statements with every trigger off, in one transaction, as `SET session_replication_role = replica` does for a superuser. */
  async function asSuperuser(...statements: string[]) {
    await prisma().$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      for (const sql of statements) await tx.$executeRawUnsafe(sql);
    });
  }

  /** The other way in: `ALTER TABLE … DISABLE TRIGGER`, the statements, and the triggers enabled again. */
  async function withTriggersDisabled(table: string, ...statements: string[]) {
    await prisma().$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      for (const sql of statements) await tx.$executeRawUnsafe(sql);
      await tx.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    });
  }

  async function entry(seq: number) {
    return prisma().logEntry.findUniqueOrThrow({ where: { seq: BigInt(seq) } });
  }

  /** The fields a leaf hash covers, as stored for `seq`. */
  async function hashedFields(seq: number) {
    const e = await entry(seq);
    return { ...e, payload: e.payload as TCanonicalValue };
  }

  async function recordedAt(seq: number): Promise<Date> {
    return (await entry(seq)).recordedAt;
  }

  beforeAll(async () => {
    // The real path: each entry with its personal row in the transaction of a (here empty) state change,
    // then integrated into the chain, then a signed checkpoint over all of them.
    for (let i = 1; i <= ENTRIES; i++) {
      await prisma().$transaction((tx) =>
        appendLogEntry(tx, {
          eventType: i % 2 ? LOG_EVENT.consentGiven : LOG_EVENT.joinAllowed,
          consultationId: CONSULTATION,
          payload: { n: i, choices: { transmission: true, recording: false }, channel: 'web' },
          personal: { actorId: MEMBER, ipPseudonym: `net:${String(i).padStart(20, '0')}` },
        }),
      );
    }
    await integrateQueuedEntries(prisma());
    expect((await signCheckpoint(prisma()))?.treeSize).toBe(BigInt(ENTRIES));
    // What every test restores afterwards.
    await asSuperuser(
      'CREATE TABLE tamper_backup_log AS SELECT * FROM consent_log',
      'CREATE TABLE tamper_backup_personal AS SELECT * FROM consent_log_personal',
      'CREATE TABLE tamper_backup_head AS SELECT * FROM consent_log_head',
    );
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: ENTRIES, checkpoints: { checked: 1, firstBad: null } });
  });

  afterEach(async () => {
    await asSuperuser(
      ...restoreLogSql('tamper_backup_log', 'tamper_backup_personal'),
      'UPDATE consent_log_head h SET seq = b.seq, chain_hash = b.chain_hash FROM tamper_backup_head b WHERE h.id = b.id',
    );
    expect(await verifyChain(database()), 'restored').toMatchObject({ ok: true, entriesChecked: ENTRIES, firstBroken: null });
  });

  it('(a) a column cannot be changed by itself, not even with the triggers off: it is generated from the bytes', async () => {
    await expect(
      asSuperuser(`UPDATE consent_log SET payload = jsonb_set(payload, '{choices,recording}', 'true') WHERE seq = 9`),
    ).rejects.toThrow(/can only be updated to DEFAULT/);
    await expect(asSuperuser(`UPDATE consent_log_personal SET data = '{}' WHERE queue_id = ${(await entry(9)).queueId}`)).rejects.toThrow(
      /can only be updated to DEFAULT/,
    );
  });

  it('(a) a changed payload (in the bytes, the column follows): its entry, leaf hash mismatch; verified up to the entry before', async () => {
    const fields = await hashedFields(9);
    const forged = { ...fields, payload: { ...(fields.payload as object), choices: { transmission: true, recording: true } } };
    await asSuperuser(`UPDATE consent_log SET canonical = ${entryBytesSql(forged)} WHERE seq = 9`);
    expect((await entry(9)).payload).toMatchObject({ choices: { recording: true } });
    const result = await verifyChain(database());
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: 9n, problem: 'leaf-hash-mismatch' },
      lastVerifiedSeq: 8n,
      entriesChecked: 8,
    });
    // The checkpoint over all entries was not read past the change: not checked, not "entries missing".
    expect(result.checkpoints).toEqual({ checked: 0, firstBad: null, notCheckedAfterBreak: 1 });
    expect(result.lastVerifiedAt).toEqual(await recordedAt(8));
  });

  it('(a) a changed payload with its leaf hash recomputed: the chain link breaks at that entry', async () => {
    const fields = await hashedFields(9);
    const forged = { ...fields, payload: { ...(fields.payload as object), choices: { transmission: true, recording: true } } };
    await withTriggersDisabled(
      'consent_log',
      `UPDATE consent_log SET leaf_hash = '${leafHash(forged)}', canonical = ${entryBytesSql(forged)} WHERE seq = 9`,
    );
    const result = await verifyChain(database());
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 9n, problem: 'chain-hash-mismatch' }, lastVerifiedSeq: 8n });
    expect(result.lastVerifiedAt).toEqual(await recordedAt(8));
  });

  it('(b) an entry deleted in the middle: a gap at its sequence number', async () => {
    await withTriggersDisabled('consent_log', 'DELETE FROM consent_log WHERE seq = 11');
    const result = await verifyChain(database());
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: 11n, problem: 'sequence-gap' },
      lastVerifiedSeq: 10n,
      entriesChecked: 10,
    });
    expect(result.lastVerifiedAt).toEqual(await recordedAt(10));
  });

  it('(b) an entry deleted and the later ones renumbered: the first renumbered entry no longer hashes', async () => {
    await expect(
      asSuperuser('DELETE FROM consent_log WHERE seq = 11', 'UPDATE consent_log SET seq = seq - 1 WHERE seq > 11'),
    ).rejects.toThrow(new RegExp(SEQ_IN_BYTES));
    await asSuperuser(
      `ALTER TABLE consent_log DROP CONSTRAINT ${SEQ_IN_BYTES}`,
      'DELETE FROM consent_log WHERE seq = 11',
      'UPDATE consent_log SET seq = seq - 1 WHERE seq > 11',
    );
    const result = await verifyChain(database());
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 11n, problem: 'leaf-hash-mismatch' }, lastVerifiedSeq: 10n });
  });

  it('(c) two entries swapped (re-ordered): the first of them', async () => {
    // The rows change places whole, hashes and all, as if the two had been written the other way round.
    await asSuperuser(
      `ALTER TABLE consent_log DROP CONSTRAINT ${SEQ_IN_BYTES}`,
      'UPDATE consent_log SET seq = -6 WHERE seq = 6',
      'UPDATE consent_log SET seq = 6 WHERE seq = 7',
      'UPDATE consent_log SET seq = 7 WHERE seq = -6',
    );
    expect((await entry(6)).payload).toMatchObject({ n: 7 });
    const result = await verifyChain(database());
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 6n, problem: 'leaf-hash-mismatch' }, lastVerifiedSeq: 5n });
    expect(result.lastVerifiedAt).toEqual(await recordedAt(5));
  });

  it('(c) two entries swapped with leaf hashes recomputed for their new places: the chain breaks at the first', async () => {
    const [six, seven] = [await hashedFields(6), await hashedFields(7)];
    const movedSeven = { ...seven, seq: 6n };
    const movedSix = { ...six, seq: 7n };
    const update = (seq: number, e: typeof six) =>
      `UPDATE consent_log SET queue_id = ${-seq}, leaf_hash = '${leafHash(e)}', canonical = ${entryBytesSql(e)} WHERE seq = ${seq}`;
    await asSuperuser(
      update(6, movedSeven),
      update(7, movedSix),
      `UPDATE consent_log SET queue_id = ${seven.queueId} WHERE seq = 6`,
      `UPDATE consent_log SET queue_id = ${six.queueId} WHERE seq = 7`,
    );
    const result = await verifyChain(database());
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 6n, problem: 'chain-hash-mismatch' }, lastVerifiedSeq: 5n });
  });

  it('(c) a re-ordered log with the whole chain and head rewritten: the chain holds, the signed checkpoint does not', async () => {
    const all = await Promise.all(Array.from({ length: ENTRIES }, (_, i) => hashedFields(i + 1)));
    [all[5], all[6]] = [all[6]!, all[5]!];
    let previous = '0'.repeat(64);
    const statements = ['UPDATE consent_log SET queue_id = -queue_id'];
    all.forEach((e, i) => {
      const moved = { ...e, seq: BigInt(i + 1) };
      const leaf = leafHash(moved);
      previous = chainHash(previous, leaf);
      statements.push(
        `UPDATE consent_log SET queue_id = ${e.queueId}, leaf_hash = '${leaf}', chain_hash = '${previous}', canonical = ${entryBytesSql(moved)}
         WHERE seq = ${i + 1}`,
      );
    });
    statements.push(`UPDATE consent_log_head SET chain_hash = '${previous}' WHERE id = 1`);
    await asSuperuser(...statements);
    const result = await verifyChain(database());
    expect(result).toMatchObject({
      ok: false,
      firstBroken: null,
      entriesChecked: ENTRIES,
      checkpoints: { checked: 0, firstBad: { treeSize: BigInt(ENTRIES), problem: 'root-mismatch' } },
    });
  });

  it('(d) the newest entries deleted: a gap after the last one left (the head still counts them), and the checkpoint covers more than the log', async () => {
    await withTriggersDisabled('consent_log', `DELETE FROM consent_log WHERE seq > ${ENTRIES - 3}`);
    const result = await verifyChain(database());
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { seq: BigInt(ENTRIES - 2), problem: 'sequence-gap' },
      lastVerifiedSeq: BigInt(ENTRIES - 3),
      checkpoints: { checked: 0, firstBad: { treeSize: BigInt(ENTRIES), problem: 'beyond-log' } },
    });
    expect(result.lastVerifiedAt).toEqual(await recordedAt(ENTRIES - 3));
  });

  it('(d) the newest entries deleted and the head moved back with them: only the signed checkpoint tells (beyond-log)', async () => {
    const last = await entry(ENTRIES - 3);
    await asSuperuser(
      `DELETE FROM consent_log WHERE seq > ${ENTRIES - 3}`,
      `UPDATE consent_log_head SET seq = ${last.seq}, chain_hash = '${last.chainHash}' WHERE id = 1`,
    );
    const result = await verifyChain(database());
    expect(result).toMatchObject({
      ok: false,
      firstBroken: null,
      entriesChecked: ENTRIES - 3,
      lastVerifiedSeq: BigInt(ENTRIES - 3),
      checkpoints: { checked: 0, firstBad: { treeSize: BigInt(ENTRIES), problem: 'beyond-log' } },
    });
    expect(result.lastVerifiedAt).toEqual(last.recordedAt);
  });

  it("(e) an entry's personal row changed: its commitment no longer opens", async () => {
    const { queueId } = await entry(14);
    await withTriggersDisabled(
      'consent_log_personal',
      `UPDATE consent_log_personal SET canonical = convert_to(replace(convert_from(canonical, 'UTF8'), '${MEMBER}', '00000000-0000-4000-8000-00000000a002'), 'UTF8')
        WHERE queue_id = ${queueId}`,
    );
    expect((await prisma().logEntryPersonal.findUniqueOrThrow({ where: { queueId } })).data).toMatchObject({
      actorId: '00000000-0000-4000-8000-00000000a002',
    });
    const result = await verifyChain(database());
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 14n, problem: 'personal-data-mismatch' }, lastVerifiedSeq: 13n });
    expect(result.lastVerifiedAt).toEqual(await recordedAt(13));
  });

  it("(e) an entry's personal row given another salt: that entry", async () => {
    const { queueId } = await entry(15);
    await asSuperuser(`UPDATE consent_log_personal SET salt = md5('x') || md5('y') WHERE queue_id = ${queueId}`);
    expect((await verifyChain(database())).firstBroken).toEqual({ seq: 15n, problem: 'personal-data-mismatch' });
  });
});

describeEachDatabase('erasing personal rows outside the retention purge', (kind) => {
  const database = useTestDatabase(kind);

  it('(e) a personal row deleted with the triggers off, no purge recorded: that entry, personal data missing', async () => {
    const { prisma } = database();
    for (let i = 1; i <= 6; i++) {
      await prisma.$transaction((tx) =>
        appendLogEntry(tx, { eventType: LOG_EVENT.login, payload: { channel: 'web', role: 'MEMBER' }, personal: { actorId: MEMBER } }),
      );
    }
    await integrateQueuedEntries(prisma);
    const fourth = await prisma.logEntry.findUniqueOrThrow({ where: { seq: 4n } });
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      await tx.$executeRawUnsafe(`DELETE FROM consent_log_personal WHERE queue_id = ${fourth.queueId}`);
    });
    const result = await verifyChain(database());
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 4n, problem: 'personal-data-missing' }, lastVerifiedSeq: 3n });
  });
});
