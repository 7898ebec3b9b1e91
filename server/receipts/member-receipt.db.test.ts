import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { withdrawConsent } from '@/server/consent/withdraw-consent';
import { latestReceiptQueueId } from '@/server/receipts/latest-receipt';
import { consistencyWithLatest } from '@/server/receipts/log-consistency';
import { getMemberReceipt } from '@/server/receipts/member-receipt';
import { receiptPrincipalId } from '@/server/receipts/receipt-config';
import type { TReceiptFile, TReceiptV2 } from '@/server/receipts/receipt-format';
import { verifyReceipt } from '@/server/receipts/verify-receipt';
import { publishedVerifierKeys, signCheckpoint } from '@/server/transparency/checkpoints';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { actorFor, createScenario, giveConsent } from '@/tests/scenario';

describeEachDatabase('consent receipts in the data layer', (kind) => {
  const database = useTestDatabase(kind);

  function ready(file: Awaited<ReturnType<typeof getMemberReceipt>>): TReceiptFile & { receipt: TReceiptV2 } {
    if (file?.kind !== 'ready') throw new Error(`no receipt: ${file?.kind ?? 'null'}`);
    return file.file;
  }

  it('gives the member a receipt of a decision still queued, proven against a checkpoint signed for it, and nobody else', async () => {
    const { prisma } = database();
    const s = await createScenario(prisma);
    const member = actorFor(s.member);
    await giveConsent(prisma, s, { recording: true });
    const decision = await prisma.consentDecision.findFirstOrThrow({ where: { consultationId: s.onOwn.id } });
    expect(await latestReceiptQueueId(prisma, member, s.onOwn.id)).toBe(decision.logQueueId);
    expect(await prisma.logQueueEntry.count({ where: { id: decision.logQueueId } }), 'still queued').toBe(1);
    expect(await prisma.logCheckpoint.count(), 'no checkpoint yet').toBe(0);

    const found = await getMemberReceipt(prisma, member, decision.logQueueId);
    const file = ready(found);
    // No witness policy here: the log's own checkpoint, and the page is told so (witnessed receipts: e2e/member/receipts.spec.ts).
    expect(found).toMatchObject({ consultation: { id: s.onOwn.id, topic: 'Rehabilitation' }, witnessed: false });
    expect(await prisma.logCheckpoint.count(), 'one signed on demand').toBe(1);
    expect(file.receipt).toMatchObject({
      event: 'consent.given',
      decisionId: decision.id,
      notice: { disclosureVersionId: decision.disclosureVersionId, sha256: decision.disclosureHash, language: 'de' },
      piiPrincipalId: receiptPrincipalId(s.member.id, s.onOwn.id),
      consentTimestamp: decision.decidedAt.toISOString(),
      retention: { consentLogYears: 4 },
    });
    expect(file.receipt.purposes.map((p) => [p.id, p.state])).toEqual([
      ['video-transmission', 'given'],
      ['recording', 'given'],
    ]);
    expect(JSON.stringify(file), 'the account id is nowhere in the receipt').not.toContain(s.member.id);
    expect(file.receipt.evidence.tlogProof).toMatch(
      new RegExp(`^c2sp\\.org/tlog-proof@v1\\nindex ${file.receipt.evidence.event.leafIndex}\\n`),
    );
    expect(await verifyReceipt(JSON.stringify(file), publishedVerifierKeys())).toMatchObject({ ok: true });

    // Another member, the advisor, a queue id of no decision, an entry that is no decision: nothing.
    const other = await createScenario(prisma);
    expect(await getMemberReceipt(prisma, actorFor(other.member), decision.logQueueId)).toBeNull();
    expect(await latestReceiptQueueId(prisma, actorFor(other.member), s.onOwn.id)).toBeNull();
    expect(await getMemberReceipt(prisma, actorFor(s.advisor), decision.logQueueId)).toBeNull();
    expect(await getMemberReceipt(prisma, member, 999_999_999n)).toBeNull();
    const login = await prisma.$transaction((tx) =>
      appendLogEntry(tx, { eventType: 'auth.login', payload: {}, personal: { actorId: s.member.id } }),
    );
    expect(await getMemberReceipt(prisma, member, login.queueId)).toBeNull();
  });

  it('finds a decision another request integrates between its look at the log and its look at the queue', async () => {
    const { prisma } = database();
    const s = await createScenario(prisma);
    const member = actorFor(s.member);
    await giveConsent(prisma, s, { recording: false });
    const decision = await prisma.consentDecision.findFirstOrThrow({ where: { consultationId: s.onOwn.id } });
    // The first look at the log finds nothing; before the next look, another integrator moves the queue.
    let raced = false;
    const logEntry = new Proxy(prisma.logEntry, {
      get(target, key): unknown {
        if (key !== 'findUnique' || raced) return Reflect.get(target, key);
        return async (args: Parameters<typeof target.findUnique>[0]) => {
          raced = true;
          const found = await target.findUnique(args);
          expect(await integrateQueuedEntries(prisma)).toBeGreaterThan(0);
          return found;
        };
      },
    });
    const racing = new Proxy(prisma, { get: (target, key): unknown => (key === 'logEntry' ? logEntry : Reflect.get(target, key)) });

    expect(ready(await getMemberReceipt(racing, member, decision.logQueueId)).receipt.decisionId).toBe(decision.id);
    expect(raced).toBe(true);
  });

  it('proves withdrawals with the decision they withdraw, keeps each receipt the same, and its checkpoint consistent with later ones', async () => {
    const { prisma } = database();
    const s = await createScenario(prisma);
    const member = actorFor(s.member);
    await giveConsent(prisma, s, { recording: true });
    const given = await latestReceiptQueueId(prisma, member, s.onOwn.id);
    const first = ready(await getMemberReceipt(prisma, member, given!));

    expect(await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'recording' })).toEqual({ kind: 'withdrawn' });
    const recordingWithdrawn = await latestReceiptQueueId(prisma, member, s.onOwn.id);
    expect(recordingWithdrawn).toBeGreaterThan(given!);
    const partial = ready(await getMemberReceipt(prisma, member, recordingWithdrawn!));
    expect(partial.receipt.event).toBe('consent.recording_withdrawn');
    expect(partial.receipt.purposes.map((p) => p.state)).toEqual(['given', 'withdrawn']);
    expect(partial.receipt.evidence.decision?.entry.seq).toBe(first.receipt.evidence.event.entry.seq);

    expect(await withdrawConsent(member, { consultationId: s.onOwn.id, scope: 'all' })).toEqual({ kind: 'withdrawn' });
    const withdrawn = await latestReceiptQueueId(prisma, member, s.onOwn.id);
    const all = ready(await getMemberReceipt(prisma, member, withdrawn!));
    expect(all.receipt.purposes.map((p) => p.state)).toEqual(['withdrawn', 'withdrawn']);
    // Its history: the decision, the recording withdrawn, and this withdrawal, each proven (the middle one in evidence.history).
    expect(all.receipt.history.map((h) => h.event)).toEqual(['consent.given', 'consent.recording_withdrawn', 'consent.withdrawn']);
    expect(all.receipt.evidence.history.map((p) => p.entry.seq)).toEqual([partial.receipt.evidence.event.entry.seq]);
    expect(first.receipt.history.map((h) => h.event)).toEqual(['consent.given']);
    for (const file of [partial, all])
      expect(await verifyReceipt(JSON.stringify(file), publishedVerifierKeys())).toMatchObject({ ok: true });

    // The log grows and newer checkpoints are signed: the receipt stays the same, its checkpoint a prefix of the newest.
    for (let i = 0; i < 5; i++) await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i } }));
    await integrateQueuedEntries(prisma);
    const newest = (await signCheckpoint(prisma))!;
    expect(ready(await getMemberReceipt(prisma, member, given!))).toEqual(first);
    const checked = await verifyReceipt(JSON.stringify(first), publishedVerifierKeys());
    expect(await consistencyWithLatest(prisma, checked.checkpoint!)).toEqual({ kind: 'consistent', size: Number(newest.treeSize) });
    expect(await consistencyWithLatest(prisma, { ...checked.checkpoint!, rootHash: Buffer.alloc(32) })).toEqual({ kind: 'inconsistent' });
    expect(await consistencyWithLatest(prisma, { ...checked.checkpoint!, treeSize: Number(newest.treeSize) + 10 })).toEqual({
      kind: 'unknown',
    });
  });
});
