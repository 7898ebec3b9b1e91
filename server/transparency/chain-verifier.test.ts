import { describe, expect, it } from 'vitest';
import { type TErasure, type TStoredEntry, createChainVerifier } from '@/server/transparency/chain-verifier';
import { GENESIS_CHAIN_HASH, chainHash, entryCanonicalText, leafHashOfText, personalCommitment } from '@/server/audit-log/entry-hashing';
import { canonicalJson } from '@/server/crypto/canonical-json';

const SALT = 'ab'.repeat(32);
const T0 = Date.parse('2020-01-01T00:00:00Z');
const DAY = 86_400_000;

/** A chain of entries a day apart, each with personal data; `erased` seqs without their personal row. */
function chain(count: number, erased: number[]): TStoredEntry[] {
  let previous = GENESIS_CHAIN_HASH;
  return Array.from({ length: count }, (_, i) => {
    const data = { actorId: `member-${i + 1}` };
    const fields = {
      seq: BigInt(i + 1),
      recordedAt: new Date(T0 + i * DAY),
      eventType: 'auth.login',
      consultationId: null,
      payload: { n: i },
      personalCommitment: personalCommitment(SALT, data),
    };
    const canonical = entryCanonicalText(fields);
    const leaf = leafHashOfText(canonical);
    previous = chainHash(previous, leaf);
    const personal = erased.includes(i + 1) ? null : { salt: SALT, canonical: canonicalJson(data) };
    return { ...fields, canonical, leafHash: leaf, chainHash: previous, personal };
  });
}

function verify(entries: TStoredEntry[], erasures: TErasure[]) {
  const verifier = createChainVerifier(undefined, erasures);
  for (const e of entries) if (!verifier.push(e)) break;
  return verifier.finish({ seq: entries.at(-1)!.seq, chainHash: entries.at(-1)!.chainHash });
}

describe('erased personal rows', () => {
  // The purge entries themselves are written years later (their time is not the entries' time here).
  const purgeAt = (seq: number, dayOfCutoff: number, dayWritten = 3000): TErasure => ({
    seq: BigInt(seq),
    recordedAt: new Date(T0 + dayWritten * DAY),
    before: new Date(T0 + dayOfCutoff * DAY),
  });

  it('are accepted where a purge later in the log has a cut-off after the entry', () => {
    expect(verify(chain(10, [1, 2, 3]), [purgeAt(8, 3)])).toMatchObject({ ok: true, firstBroken: null });
  });

  it('are tampering where no purge covers them: none at all, one before the entry, or a cut-off not after its time', () => {
    expect(verify(chain(10, [2]), []).firstBroken).toEqual({ seq: 2n, problem: 'personal-data-missing' });
    expect(verify(chain(10, [6]), [purgeAt(5, 9)]).firstBroken, 'the purge came before the entry').toEqual({
      seq: 6n,
      problem: 'personal-data-missing',
    });
    // Entry 4 is of day 3; a cut-off at day 3 keeps it.
    expect(verify(chain(10, [1, 4]), [purgeAt(8, 3)]).firstBroken).toEqual({ seq: 4n, problem: 'personal-data-missing' });
  });

  it('take the latest cut-off of any later purge, and a purge recorded after the first read is taken up', () => {
    expect(verify(chain(10, [1, 5]), [purgeAt(9, 5), purgeAt(7, 2)]).ok).toBe(true);
    const entries = chain(10, [5]);
    const verifier = createChainVerifier(undefined, []);
    expect(verifier.erasureCovers(entries[4]!)).toBe(false);
    verifier.updateErasures([purgeAt(9, 5)]);
    expect(verifier.erasureCovers(entries[4]!)).toBe(true);
    for (const e of entries) verifier.push(e);
    expect(verifier.finish({ seq: 10n, chainHash: entries[9]!.chainHash }).ok).toBe(true);
  });

  it('are not excused by a purge claiming to erase what is younger than the shortest period any configuration allows', () => {
    // Written on day 300 with a cut-off at day 9: within a year of its own time.
    expect(verify(chain(10, [2]), [purgeAt(8, 9, 300)]).firstBroken).toEqual({ seq: 2n, problem: 'personal-data-missing' });
    expect(verify(chain(10, [2]), [purgeAt(8, 9, 9 + 365)]).ok, 'a year after its cut-off').toBe(true);
  });

  it('still fail when a row that is there does not match', () => {
    const entries = chain(6, [1]);
    entries[2] = { ...entries[2]!, personal: { salt: SALT, canonical: canonicalJson({ actorId: 'someone-else' }) } };
    expect(verify(entries, [purgeAt(6, 9)]).firstBroken).toEqual({ seq: 3n, problem: 'personal-data-mismatch' });
  });
});
