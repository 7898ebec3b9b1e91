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
  // The head is read first and only entries up to it are checked: entries appended while the check
  // runs are not mistaken for a gap, and entries missing below the head are.
  const head = await prisma.logHead.findUnique({ where: { id: 1 } });
  const headSeq = head?.seq ?? 0n;
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
    const entries = await prisma.logEntry.findMany({ where: { seq: { gte: expectedSeq, lte: headSeq } }, orderBy: { seq: 'asc' }, take: PAGE });
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

  if (expectedSeq - 1n < headSeq) return result({ seq: expectedSeq, problem: 'sequence-gap' }); // the newest entries were removed
  if (!head || head.chainHash !== previousChain) return result({ seq: headSeq, problem: 'head-mismatch' });
  return result(null);
}
