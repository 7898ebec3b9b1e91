import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { publishedVerifierKeys, signCheckpoint } from '@/server/transparency/checkpoints';
import { storedTree } from '@/server/transparency/merkle-store';
import { readWitnessing } from '@/server/witnessing/witness-policy';
import { cosignedNote, newestWitnessedCheckpoint } from '@/server/witnessing/witnessed-checkpoint';
import { witnessingRound } from '@/server/witnessing/witnessing-cycle';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { consistencyProof, inclusionProof } from '@/shared/transparency/merkle';
import { useTestDatabase } from '@/tests/database';
import { type TWitnessProcess, startWitness } from '@/tests/witness-process';
import { policyText } from '@/tests/witnesses';

// Point 6 of issue 18: the checkpoints, the proofs and the cosignatures the gateway and its witness make,
// checked by Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-golang-x-mod-dev, installed
// by .ci/run), through tests/go/check-log.go.
const GO_ENV = { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOPROXY: 'off', GOFLAGS: '' };

type TGoOutput = {
  notes: { ok: boolean; error?: string; treeSize?: number; root?: string; verified: number; ignored: number }[];
  inclusion: string[];
  consistency: string[];
  cosignatures: { ok: boolean; error?: string; timestamp?: number }[];
};

function checkWithGo(input: unknown): TGoOutput {
  const run = spawnSync('go', ['run', 'tests/go/check-log.go'], { input: JSON.stringify(input), encoding: 'utf8', env: GO_ENV });
  if (run.error || run.status !== 0)
    throw new Error(`go run failed (is golang-go installed? .ci/run installs it): ${String(run.error ?? run.stderr)}`);
  return JSON.parse(run.stdout) as TGoOutput;
}

describe('the transparency formats, checked by Go’s sumdb/note and sumdb/tlog', () => {
  const database = useTestDatabase('postgres');
  let witness: TWitnessProcess;

  beforeAll(async () => {
    witness = await startWitness({
      name: 'witness.go-check.example',
      logs: [publishedVerifierKeys()[0]!],
      seed: Buffer.alloc(32, 7).toString('base64'),
    });
  }, 60_000);
  afterAll(async () => {
    await witness.stop();
  });

  it('opens our checkpoints with their cosignatures in any order, checks our proofs, and refuses tampered ones', async () => {
    const { prisma } = database();
    const log = async (count: number) => {
      for (let i = 0; i < count; i++) await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: 'auth.login', payload: { n: i } }));
      await integrateQueuedEntries(prisma);
    };
    await log(37);
    const first = (await signCheckpoint(prisma))!;
    await log(20);
    const config = readWitnessing(policyText(publishedVerifierKeys()[0]!, [witness]), 'test policy');
    await witnessingRound(database(), config, { lagLimitSeconds: 300, durability: 'local' });
    const second = (await newestWitnessedCheckpoint(prisma, config))!;
    expect(second.treeSize).toBe(57n);
    const cosigned = cosignedNote(second);
    const [text = '', logLine = ''] = second.note.split('\n\n');
    const cosignatureFirst = `${text}\n\n${second.cosignatures[0]!.line}${logLine}`;
    const foreign = `${text}\n\n\u2014 pq.example/w ${Buffer.alloc(4 + 2420, 1).toString('base64')}\n${logLine}`;
    const tampered = second.note.replace('\n57\n', '\n58\n');
    const root = (note: string) =>
      (verifyCheckpointNote(note, publishedVerifierKeys()) as { checkpoint: { rootHash: Buffer } }).checkpoint.rootHash;
    const leaves = await prisma.logEntry.findMany({ orderBy: { seq: 'asc' }, select: { leafHash: true } });
    const indexes = [0, 1, 31, 36, 56];
    const inclusion = await Promise.all(
      indexes.map(async (index) => ({
        leafHash: Buffer.from(leaves[index]!.leafHash, 'hex').toString('base64'),
        index,
        treeSize: 57,
        root: root(second.note).toString('base64'),
        proof: (await inclusionProof(storedTree(prisma), index, 57)).map((h) => h.toString('base64')),
      })),
    );
    const consistency = {
      oldSize: 37,
      newSize: 57,
      oldRoot: root(first.note).toString('base64'),
      newRoot: root(second.note).toString('base64'),
      proof: (await consistencyProof(storedTree(prisma), 37, 57)).map((h) => h.toString('base64')),
    };

    const go = checkWithGo({
      logVkey: publishedVerifierKeys()[0],
      notes: [first.note, cosigned, cosignatureFirst, foreign, tampered],
      inclusion: [...inclusion, { ...inclusion[2]!, index: 30 }],
      consistency: [consistency, { ...consistency, oldSize: 36 }],
      cosignatures: [
        { vkey: witness.vkey, note: cosigned },
        { vkey: witness.vkey, note: tampered + second.cosignatures[0]!.line },
      ],
    });

    const opened = (note: string, treeSize: number, ignored: number) => ({
      ok: true,
      origin: 'test.consent-gateway/consent-log',
      treeSize,
      root: root(note).toString('base64'),
      verified: 1,
      ignored,
    });
    // The log's signature verifies; the cosignature, before or after it, and the foreign line are ignored.
    expect(go.notes.slice(0, 4)).toEqual([
      opened(first.note, 37, 0),
      opened(second.note, 57, 1),
      opened(second.note, 57, 1),
      opened(second.note, 57, 1),
    ]);
    // Our parser agrees on each: the cosignature and the foreign line are ignored, wherever they stand.
    for (const note of [cosigned, cosignatureFirst, foreign]) expect(verifyCheckpointNote(note, publishedVerifierKeys()).ok).toBe(true);
    expect(go.notes[4]).toMatchObject({ ok: false, error: expect.stringMatching(/invalid signature/) as string });
    expect(verifyCheckpointNote(tampered, publishedVerifierKeys())).toEqual({ ok: false, problem: 'bad-signature' });

    expect(go.inclusion).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', expect.not.stringMatching(/^ok$/) as string]);
    expect(go.consistency).toEqual(['ok', expect.not.stringMatching(/^ok$/) as string]);
    expect(go.cosignatures[0]).toEqual({ ok: true, timestamp: Math.floor(second.cosignatures[0]!.cosignedAt.getTime() / 1000) });
    expect(go.cosignatures[1]).toMatchObject({ ok: false, error: 'signature does not verify' });
  }, 120_000);
});
