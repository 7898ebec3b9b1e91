import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { verifyChain } from '@/server/transparency/verify-chain';
import { logSigner, publishedVerifierKeys, signCheckpoint, signedCheckpointNote } from '@/server/transparency/checkpoints';
import { consistencyProof, inclusionProof, treeHead, verifyConsistency, verifyInclusion } from '@/shared/transparency/merkle';
import { extendMerkleTree, storedTree } from '@/server/transparency/merkle-store';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { plainRoot } from '@/tests/merkle-reference';

describeEachDatabase('signed checkpoints over the consent log', (kind) => {
  const database = useTestDatabase(kind);

  async function appendEntries(count: number) {
    const { prisma } = database();
    for (let i = 0; i < count; i++) {
      await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i, channel: 'test' } }));
    }
    await integrateQueuedEntries(prisma);
  }

  async function leafHashes(): Promise<Buffer[]> {
    const rows = await database().prisma.logEntry.findMany({ orderBy: { seq: 'asc' }, select: { leafHash: true } });
    return rows.map((r) => Buffer.from(r.leafHash, 'hex'));
  }

  it('signs the tree head, proves every entry against it, and later heads consistent with it', async () => {
    const { prisma } = database();
    await appendEntries(37);
    // Built in small batches, so the builder has to pick up its frontier again each time.
    expect(await extendMerkleTree(prisma, 5)).toBe(37n);
    const first = (await signCheckpoint(prisma))!;
    expect(first.treeSize).toBe(37n);
    const checked = verifyCheckpointNote(first.note, publishedVerifierKeys());
    expect(checked).toMatchObject({ ok: true, checkpoint: { origin: 'test.consent-gateway/consent-log', treeSize: 37 } });
    const root = (checked as { checkpoint: { rootHash: Buffer } }).checkpoint.rootHash;
    const leaves = await leafHashes();
    expect(root.equals(plainRoot(leaves)), 'the head of the leaves in the log').toBe(true);
    for (let i = 0; i < 37; i++)
      expect(verifyInclusion(leaves[i]!, i, 37, await inclusionProof(storedTree(prisma), i, 37), root), `entry ${i + 1}`).toBe(true);

    expect(await signCheckpoint(prisma), 'nothing new: the same checkpoint').toMatchObject({ treeSize: 37n, note: first.note });
    await appendEntries(20);
    const second = (await signCheckpoint(prisma))!;
    const secondRoot = (verifyCheckpointNote(second.note, publishedVerifierKeys()) as { checkpoint: { rootHash: Buffer } }).checkpoint
      .rootHash;
    expect(verifyConsistency(37, 57, root, secondRoot, await consistencyProof(storedTree(prisma), 37, 57))).toBe(true);
  });

  it('refuses a changed note, an unknown key, and any change to a stored checkpoint', async () => {
    const { prisma } = database();
    await appendEntries(3);
    const checkpoint = (await signCheckpoint(prisma))!;
    const size = String(checkpoint.treeSize);
    const changed = checkpoint.note.replace(`\n${size}\n`, `\n${Number(size) + 1}\n`);
    expect(verifyCheckpointNote(changed, publishedVerifierKeys())).toEqual({ ok: false, problem: 'bad-signature' });
    expect(verifyCheckpointNote(checkpoint.note, [])).toEqual({ ok: false, problem: 'unknown-key' });
    expect(verifyCheckpointNote('no note', publishedVerifierKeys())).toEqual({ ok: false, problem: 'malformed' });
    await expect(prisma.logCheckpoint.update({ where: { treeSize: checkpoint.treeSize }, data: { note: changed } })).rejects.toThrow();
    await expect(prisma.logCheckpoint.delete({ where: { treeSize: checkpoint.treeSize } })).rejects.toThrow();
  });
});

describeEachDatabase('verifying the log checks every checkpoint against its entries', (kind) => {
  const database = useTestDatabase(kind);

  async function appendEntries(count: number) {
    const { prisma } = database();
    for (let i = 0; i < count; i++)
      await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i, channel: 'test' } }));
    await integrateQueuedEntries(prisma);
  }

  it('counts the checkpoints that match, and names one that signs another history or more entries than there are', async () => {
    const { prisma } = database();
    await appendEntries(5);
    await signCheckpoint(prisma);
    await appendEntries(4);
    await signCheckpoint(prisma);
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: 9, checkpoints: { checked: 2, firstBad: null } });

    // Correctly signed (a stolen key, say) but over a history that is not this log's.
    await appendEntries(2);
    await prisma.logCheckpoint.create({
      data: { treeSize: 11n, rootHash: '00'.repeat(32), keyId: 'x', note: signedCheckpointNote(logSigner()!, 11, Buffer.alloc(32)) },
    });
    expect(await verifyChain(database())).toMatchObject({
      ok: false,
      checkpoints: { checked: 2, firstBad: { treeSize: 11n, problem: 'root-mismatch' } },
    });
  });
});

// A database of its own: the suite above leaves a forged checkpoint behind.
describeEachDatabase('verifying a log shorter than its checkpoints', (kind) => {
  const database = useTestDatabase(kind);

  it('notices entries removed from the end of the log when a checkpoint covered them', async () => {
    const { prisma } = database();
    await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { channel: 'test' } }));
    await integrateQueuedEntries(prisma);
    const head = await extendMerkleTree(prisma);
    const rootHash = await treeHead(storedTree(prisma), Number(head));
    await prisma.logCheckpoint.create({
      data: {
        treeSize: head + 4n,
        rootHash: rootHash.toString('hex'),
        keyId: 'x',
        note: signedCheckpointNote(logSigner()!, Number(head) + 4, rootHash),
      },
    });
    const result = await verifyChain(database());
    expect(result.checkpoints.firstBad).toEqual({ treeSize: head + 4n, problem: 'beyond-log' });
  });
});
