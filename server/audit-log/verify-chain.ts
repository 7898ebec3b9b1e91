import 'server-only';
import { GENESIS_CHAIN_HASH, chainHash, leafHash, personalCommitment } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import type { TDb } from '@/server/db/client';

export type TChainProblem =
  | 'sequence-gap'
  | 'leaf-hash-mismatch'
  | 'chain-hash-mismatch'
  | 'personal-data-mismatch'
  | 'head-mismatch';

export type TVerifyResult = {
  ok: boolean;
  entriesChecked: number;
  lastVerifiedSeq: bigint;
  lastVerifiedAt: Date | null;
  firstBroken: { seq: bigint; problem: TChainProblem } | null;
};

const PAGE = 2000;

/**
 * Recomputes every entry's leaf and chain hash in sequence order and names the first entry that
 * does not fit: a changed entry, a missing one (gap), one out of order, or personal fields that no
 * longer match their commitment. Erased personal fields (retention) are not a problem.
 */
export async function verifyChain(prisma: TDb): Promise<TVerifyResult> {
  let expectedSeq = 1n;
  let previousChain = GENESIS_CHAIN_HASH;
  let lastVerifiedAt: Date | null = null;
  const result = (firstBroken: TVerifyResult['firstBroken']): TVerifyResult => ({
    ok: firstBroken === null,
    entriesChecked: Number(expectedSeq - 1n),
    lastVerifiedSeq: expectedSeq - 1n,
    lastVerifiedAt,
    firstBroken,
  });

  for (;;) {
    const entries = await prisma.logEntry.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: 'asc' }, take: PAGE });
    if (entries.length === 0) break;
    const personalRows = await prisma.logEntryPersonal.findMany({
      where: { seq: { gte: entries[0]!.seq, lte: entries.at(-1)!.seq } },
    });
    const personalBySeq = new Map(personalRows.map((row) => [row.seq, row]));

    for (const entry of entries) {
      if (entry.seq !== expectedSeq) return result({ seq: expectedSeq, problem: 'sequence-gap' });
      const leaf = leafHash({ ...entry, payload: entry.payload as TCanonicalValue });
      if (leaf !== entry.leafHash) return result({ seq: entry.seq, problem: 'leaf-hash-mismatch' });
      if (chainHash(previousChain, leaf) !== entry.chainHash) return result({ seq: entry.seq, problem: 'chain-hash-mismatch' });
      const personal = personalBySeq.get(entry.seq);
      if (personal && personalCommitment(personal.salt, personal.data as TCanonicalValue) !== entry.personalCommitment) {
        return result({ seq: entry.seq, problem: 'personal-data-mismatch' });
      }
      previousChain = entry.chainHash;
      lastVerifiedAt = entry.recordedAt;
      expectedSeq++;
    }
  }

  const head = await prisma.logHead.findUnique({ where: { id: 1 } });
  if (!head || head.seq !== expectedSeq - 1n || head.chainHash !== previousChain) {
    // Entries after the last one found were removed (or the head was forged).
    return result({ seq: expectedSeq, problem: head && head.seq >= expectedSeq ? 'sequence-gap' : 'head-mismatch' });
  }
  return result(null);
}
