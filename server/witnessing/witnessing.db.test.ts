import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { publishedVerifierKeys, signCheckpoint } from '@/server/transparency/checkpoints';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { checkCosignature } from '@/shared/transparency/cosignature';
import { formatVkey, parseSignedNote } from '@/shared/transparency/signed-note';
import { forgetWitnessPauses, offerCheckpoint } from '@/server/witnessing/submit-checkpoint';
import { type TWitnessing, readWitnessing } from '@/server/witnessing/witness-policy';
import { cosignedNote, newestWitnessedCheckpoint, witnessLag } from '@/server/witnessing/witnessed-checkpoint';
import { witnessingRound } from '@/server/witnessing/witnessing-cycle';
import { askWitness, verifyAgainstWitnesses } from '@/server/witnessing/verify-against-witnesses';
import { createLeadership } from '@/server/witnessing/leadership';
import { asSuperuser, rehashChainAsSuperuser, setPayloadSql } from '@/tests/backdate';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { type TWitnessSet, startWitnesses } from '@/tests/witnesses';
import { startWitness } from '@/tests/witness-process';

const settings = { lagLimitSeconds: 300, durability: 'local' as const };

describeEachDatabase('witnesses cosign the log’s checkpoints (tlog-witness, quorum 2 of 2)', (kind) => {
  const database = useTestDatabase(kind);
  let set: TWitnessSet;
  let config: TWitnessing;

  beforeAll(async () => {
    set = await startWitnesses(publishedVerifierKeys()[0]!, 2, 2, kind);
    config = readWitnessing(set.policy, 'test policy');
    forgetWitnessPauses();
  }, 60_000);
  afterAll(async () => {
    await set.stop();
  });

  async function log(count: number) {
    const { prisma } = database();
    for (let i = 0; i < count; i++) await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i } }));
    await integrateQueuedEntries(prisma);
  }
  const round = () => witnessingRound(database(), config, settings);
  const witnessedSize = async () => Number((await newestWitnessedCheckpoint(database().prisma, config))?.treeSize ?? 0);
  const alarmEntries = async () => database().prisma.logEntry.count({ where: { eventType: 'witness.refused' } });

  it('signs the head, both witnesses cosign it, and the note with both cosignatures verifies', async () => {
    await log(5);
    await round();
    expect(await witnessedSize()).toBe(5);
    const witnessed = (await newestWitnessedCheckpoint(database().prisma, config))!;
    const note = cosignedNote(witnessed);
    expect(verifyCheckpointNote(note, publishedVerifierKeys())).toMatchObject({ ok: true, checkpoint: { treeSize: 5 } });
    const parsed = parseSignedNote(note)!;
    for (const witness of config.witnesses) {
      const by = parsed.signatures.filter((s) => s.name === witness.key.name);
      expect(by).toHaveLength(1);
      expect(checkCosignature(by[0]!, witness.key, parsed.text)).toMatchObject({ timestamp: expect.any(BigInt) as bigint });
    }
    const verified = await verifyAgainstWitnesses(database().prisma, config);
    expect(verified).toMatchObject({ logSize: 5, confirmed: true, contradicted: false });
    expect(verified.checks.map((c) => [c.witness, c.outcome])).toEqual([
      ['w1', 'consistent'],
      ['w2', 'consistent'],
    ]);
  });

  it('records entries while a witness is down; the checkpoint waits for the quorum and is witnessed once it is back', async () => {
    const [, second] = set.witnesses;
    const port = Number(new URL(second!.url).port);
    await second!.stop();
    await log(3);
    await round();
    expect(await witnessedSize(), 'quorum 2: one cosignature is not enough').toBe(5);
    const lag = await witnessLag(database().prisma, config);
    expect(lag).toMatchObject({ logSize: 8, witnessedSize: 5 });
    const status = await database().prisma.witnessStatus.findUnique({ where: { witnessKey: config.witnesses[1]!.key.text } });
    expect(status?.problem).toMatch(/^unreachable/);

    set.witnesses[1] = await startWitness({
      name: `witness-2.${kind}.example`,
      logs: [publishedVerifierKeys()[0]!],
      dataDir: second!.dataDir,
      port,
    });
    forgetWitnessPauses();
    await round();
    expect(await witnessedSize()).toBe(8);
    expect(
      (await database().prisma.witnessStatus.findUnique({ where: { witnessKey: config.witnesses[1]!.key.text } }))?.problem,
    ).toBeNull();
  }, 60_000);

  it('after forgetting what a witness cosigned, submits from old 0, reads the 409 and resubmits from the size it names', async () => {
    await database().prisma.witnessStatus.updateMany({ data: { cosignedSize: 0 } });
    await log(2);
    await round();
    expect(await witnessedSize()).toBe(10);
  });

  it('a verification and the submitter moving the witness past each other’s head raise no rollback alarm', async () => {
    const { prisma } = database();
    await log(2);
    const older = (await signCheckpoint(prisma))!;
    await log(2);
    // The verification signs and offers the newer head; the submitter then offers the older one.
    const verified = await verifyAgainstWitnesses(prisma, config);
    expect(verified.contradicted).toBe(false);
    expect(await Promise.all(config.witnesses.map((w) => offerCheckpoint(prisma, w, older)))).toEqual(['up-to-date', 'up-to-date']);
    // And the other way round: a verification asked with a head older than what the witnesses hold.
    await log(1);
    await round();
    const checks = await Promise.all(config.witnesses.map((w) => askWitness(prisma, w, older)));
    expect(checks.map((c) => c.outcome)).toEqual(['consistent', 'consistent']);
    expect(await prisma.witnessStatus.count({ where: { alarm: { not: null } } })).toBe(0);
  });

  it('raises the lag alarm past the limit and clears it when witnessing catches up, logging each once', async () => {
    const { prisma } = database();
    await log(1);
    const tight = { ...settings, lagLimitSeconds: -1 };
    // Both witnesses paused: nothing can be witnessed, so the entry waits.
    await set.witnesses[0]!.stop();
    forgetWitnessPauses();
    await witnessingRound(database(), config, tight);
    await witnessingRound(database(), config, tight);
    await integrateQueuedEntries(prisma);
    expect(await prisma.logEntry.count({ where: { eventType: 'witness.lag_alarm' } })).toBe(1);
    expect((await prisma.witnessLag.findUnique({ where: { id: 1 } }))?.raisedAt).not.toBeNull();
    set.witnesses[0] = await startWitness({
      name: `witness-1.${kind}.example`,
      logs: [publishedVerifierKeys()[0]!],
      dataDir: set.witnesses[0]!.dataDir,
      port: Number(new URL(set.witnesses[0]!.url).port),
    });
    forgetWitnessPauses();
    await round();
    // The alarm's own entry is new: one more round witnesses it too.
    await round();
    await integrateQueuedEntries(prisma);
    expect(await prisma.logEntry.count({ where: { eventType: 'witness.lag_cleared' } })).toBe(1);
    expect((await prisma.witnessLag.findUnique({ where: { id: 1 } }))?.raisedAt).toBeNull();
  }, 60_000);

  it('a rewritten tail is a fork: both witnesses refuse it, the alarm is raised and logged once, nothing forked is cosigned', async () => {
    const { prisma } = database();
    await log(2);
    await round();
    const before = await witnessedSize();
    // A superuser rewrites the last entry consistently: new hashes, tree nodes and checkpoints rebuilt.
    await asSuperuser(
      prisma,
      `UPDATE consent_log SET ${setPayloadSql(`'{"n": 999}'`)} WHERE seq = (SELECT max(seq) FROM consent_log)`,
      `DELETE FROM log_cosignature WHERE tree_size >= ${before}`,
      `DELETE FROM log_checkpoint WHERE tree_size >= ${before}`,
      `DELETE FROM merkle_node`,
      `UPDATE merkle_tree SET size = 0`,
    );
    await rehashChainAsSuperuser(prisma);
    await round();
    await round();
    await integrateQueuedEntries(prisma);
    const statuses = await prisma.witnessStatus.findMany({ where: { witnessKey: { in: config.witnesses.map((w) => w.key.text) } } });
    expect(statuses.map((s) => s.alarm)).toEqual(['inconsistent', 'inconsistent']);
    expect(await alarmEntries()).toBe(2);
    expect(await witnessedSize(), 'no checkpoint of the forked tree is witnessed').toBeLessThan(before);
    const verified = await verifyAgainstWitnesses(prisma, config);
    expect(verified).toMatchObject({ confirmed: false, contradicted: true });
    expect(verified.checks).toEqual(config.witnesses.map((w) => ({ witness: w.name, url: w.url, outcome: 'fork', witnessSize: before })));
    expect(await alarmEntries(), 'the alarm was raised before: not logged again').toBe(2);
  }, 60_000);
});

describeEachDatabase('durability before witnessing (WITNESS_DURABILITY=sync-standby)', (kind) => {
  const database = useTestDatabase(kind);

  it('offers nothing while commits do not wait for a synchronous standby, and says why', async () => {
    const { prisma } = database();
    const config = readWitnessing(
      `log ${publishedVerifierKeys()[0]!}\nwitness w1 ${formatVkey('w.example', 4, Buffer.alloc(32, 1))} http://127.0.0.1:9\nquorum w1\n`,
      'test policy',
    );
    await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: 1 } }));
    await witnessingRound(database(), config, { lagLimitSeconds: 300, durability: 'sync-standby' });
    const status = await prisma.witnessStatus.findUniqueOrThrow({ where: { witnessKey: config.witnesses[0]!.key.text } });
    expect(status.problem).toBe(
      kind === 'pglite'
        ? 'not-durable: the embedded database has no standby'
        : 'not-durable: synchronous_standby_names is empty: commits do not wait for a standby',
    );
    expect(status.lastContactAt, 'the witness was not asked').toBeNull();
    expect(await prisma.logCheckpoint.count(), 'the head is still signed').toBe(1);
  });
});

describeEachDatabase('one instance leads the signing and the witnessing', (kind) => {
  const database = useTestDatabase(kind);

  it(
    kind === 'postgres'
      ? 'two instances: one holds the lock; when it lets go, the other takes over'
      : 'the embedded database: this process leads',
    async () => {
      const a = createLeadership(database());
      const b = createLeadership(database());
      try {
        expect(await a.isLeader()).toBe(true);
        expect(await b.isLeader()).toBe(kind === 'pglite');
        await a.release();
        expect(await b.isLeader()).toBe(true);
      } finally {
        await a.release();
        await b.release();
      }
    },
  );
});
