import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { TActor } from '@/server/auth/current-actor';
import { signCheckpoint } from '@/server/transparency/checkpoints';
import { extendMerkleTree } from '@/server/transparency/merkle-store';
import {
  STALE_AFTER_MS,
  fullVerificationStatus,
  fullVerificationsSettled,
  startFullVerification,
} from '@/server/witnessing/full-verification';
import { verifyNewEntriesForOfficer } from '@/server/witnessing/verify-new-entries';
import { setPayloadSql } from '@/tests/backdate';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';

describeEachDatabase('the full verification runs once for everyone; the page checks only what came after it', (kind) => {
  const database = useTestDatabase(kind);

  async function appendEntries(count: number) {
    const { prisma } = database();
    for (let i = 0; i < count; i++) await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i } }));
    await integrateQueuedEntries(prisma);
  }

  async function officer(name: string): Promise<TActor> {
    const account = await database().prisma.account.create({
      data: { kind: 'COMPLIANCE', loginName: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}`, displayName: name, passwordHash: 'x' },
    });
    return {
      id: account.id,
      kind: 'COMPLIANCE',
      displayName: name,
      sessionId: 's',
      mustChangePassword: false,
      secondFactorSetupRequired: false,
      ipPseudonym: undefined,
    } as TActor;
  }

  /** Changes a stored entry's payload as a database superuser can (triggers off); the returned function puts it back. */
  async function tamperWith(seq: number): Promise<() => Promise<void>> {
    const { prisma } = database();
    const { payload } = await prisma.logEntry.findUniqueOrThrow({ where: { seq: BigInt(seq) }, select: { payload: true } });
    const write = (json: string) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
        await tx.$executeRawUnsafe(`UPDATE consent_log SET ${setPayloadSql('$1::jsonb')} WHERE seq = ${seq}`, json);
      });
    await write('{"n": -1}');
    return async () => {
      await write(JSON.stringify(payload));
    };
  }

  it('starts one run when officers press at once, anchors it at the newest signed checkpoint, and then checks only newer entries', async () => {
    const { prisma } = database();
    await appendEntries(30);
    await extendMerkleTree(prisma, 1000);
    await signCheckpoint(prisma);
    await appendEntries(4); // after the checkpoint: the run reaches them, its anchor stays the checkpoint
    const [anna, ben] = [await officer('Anna'), await officer('Ben')];
    expect(await verifyNewEntriesForOfficer(anna)).toEqual({ kind: 'no-anchor' });

    // Eight presses at once (each its own transaction on its own connection): never two runs at a time. A press
    // that comes after the run has finished rightly starts the next, so the runs must follow one another.
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 50));
    const starts = await Promise.all(
      Array.from({ length: 8 }, (_, i) => startFullVerification(i % 2 ? ben : anna, { betweenCheckAndInsert: pause })),
    );
    expect(starts.filter((s) => s.kind === 'started').length).toBeGreaterThanOrEqual(1);
    expect(starts.every((s) => s.kind === 'started' || s.kind === 'already-running')).toBe(true);
    await fullVerificationsSettled();
    const runs = await prisma.logVerificationRun.findMany({ orderBy: { startedAt: 'asc' } });
    expect(runs.length).toBe(starts.filter((s) => s.kind === 'started').length);
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.startedAt.getTime(), 'a run starts only after the one before it finished').toBeGreaterThanOrEqual(
        runs[i - 1]!.finishedAt!.getTime(),
      );

    const status = (await fullVerificationStatus(ben))!;
    expect(status.running).toBeNull();
    expect(status.last).toMatchObject({ outcome: 'OK', checkedSeq: 34n, anchor: { kind: 'signed', seq: 30n } });
    expect(status.last?.result).toMatchObject({ entriesChecked: 34, firstBroken: null, checkpoints: { checked: 1 } });
    expect(['Anna', 'Ben']).toContain(status.last?.startedBy);

    await appendEntries(5);
    await extendMerkleTree(prisma, 1000);
    await signCheckpoint(prisma);
    const fresh = await verifyNewEntriesForOfficer(anna);
    expect(fresh).toMatchObject({ kind: 'checked', anchor: { kind: 'signed', seq: 30n }, run: { ok: true, entriesChecked: 9 } });
    expect(fresh?.kind === 'checked' && fresh.run.checkpoints.checked, 'the newer checkpoint, from the anchor frontier').toBe(1);

    // A change after the anchor is found on the next visit; one before it only by a full run.
    const restore = await tamperWith(33);
    expect(await verifyNewEntriesForOfficer(anna)).toMatchObject({
      kind: 'checked',
      run: { ok: false, firstBroken: { seq: 33n, problem: 'leaf-hash-mismatch' } },
    });
    await restore();
    expect(await verifyNewEntriesForOfficer(anna)).toMatchObject({ kind: 'checked', run: { ok: true } });
  });

  it('finds a change before the anchor only in a full run, and refuses an anchor that no longer matches its checkpoint', async () => {
    const { prisma } = database();
    await prisma.logVerificationRun.deleteMany();
    await appendEntries(12);
    await extendMerkleTree(prisma, 1000);
    await signCheckpoint(prisma);
    const anna = await officer('Anna');
    await startFullVerification(anna);
    await fullVerificationsSettled();
    const before = (await fullVerificationStatus(anna))!.last!;
    expect(before.outcome).toBe('OK');
    const anchorSeq = Number(before.anchor!.seq);

    const restore = await tamperWith(anchorSeq - 2);
    expect(await verifyNewEntriesForOfficer(anna), 'covers only the entries after the anchor').toMatchObject({
      kind: 'checked',
      run: { ok: true },
    });
    await startFullVerification(anna);
    await fullVerificationsSettled();
    const after = (await fullVerificationStatus(anna))!.last!;
    expect(after).toMatchObject({ outcome: 'BROKEN', anchor: null, result: { firstBroken: { seq: String(anchorSeq - 2) } } });

    // The last good run's stored frontier, changed: its root as one node (the right hash, the wrong shape for
    // its size, which would merge later leaves wrongly), then a hash that no longer makes its signed root.
    const [row] = await prisma.$queryRawUnsafe<{ root: string }[]>(
      `SELECT encode(decode(split_part(note, E'\\n', 3), 'base64'), 'hex') AS root FROM log_checkpoint WHERE tree_size = ${anchorSeq}`,
    );
    await prisma.logVerificationRun.update({ where: { id: before.id }, data: { anchorFrontier: [{ level: 9, hash: row!.root }] } });
    await prisma.logVerificationRun.delete({ where: { id: after.id } });
    expect(await verifyNewEntriesForOfficer(anna)).toMatchObject({ kind: 'anchor-mismatch' });
    await prisma.logVerificationRun.update({
      where: { id: before.id },
      data: {
        anchorFrontier: [...BigInt(anchorSeq).toString(2)].flatMap((bit, k, bits) =>
          bit === '1' ? [{ level: bits.length - 1 - k, hash: 'ab'.repeat(32) }] : [],
        ),
      },
    });
    expect(await verifyNewEntriesForOfficer(anna)).toMatchObject({ kind: 'anchor-mismatch', anchor: { seq: before.anchor!.seq } });
    // Relabelled as a head anchor (no checkpoint to compare with, as the label claims): still compared with the checkpoint there.
    await prisma.logVerificationRun.update({ where: { id: before.id }, data: { anchorKind: 'head' } });
    expect(await verifyNewEntriesForOfficer(anna)).toMatchObject({ kind: 'anchor-mismatch', anchor: { kind: 'head' } });
    await restore();
  });

  it('marks a run whose instance stopped reporting as abandoned and starts anew; refuses everyone but compliance officers', async () => {
    const { prisma } = database();
    const anna = await officer('Anna');
    const stale = await prisma.logVerificationRun.create({
      data: { officerId: anna.id, headSeq: 1n, heartbeatAt: new Date(Date.now() - STALE_AFTER_MS - 1_000) },
    });
    expect((await fullVerificationStatus(anna))?.running).toMatchObject({ id: stale.id, stalled: true });
    const started = await startFullVerification(anna);
    expect(started.kind).toBe('started');
    await fullVerificationsSettled();
    expect(await prisma.logVerificationRun.findUnique({ where: { id: stale.id } })).toMatchObject({ outcome: 'ABANDONED' });

    const advisor = { ...anna, kind: 'ADVISOR' } as TActor;
    expect(await startFullVerification(advisor)).toEqual({ kind: 'forbidden' });
    expect(await fullVerificationStatus(advisor)).toBeNull();
    expect(await verifyNewEntriesForOfficer(advisor)).toBeNull();
  });
});
