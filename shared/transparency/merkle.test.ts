import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { plainRoot } from '@/tests/merkle-reference';
import {
  type TTreeSource,
  consistencyProof,
  inclusionProof,
  treeHead,
  verifyConsistency,
  verifyInclusion,
} from '@/shared/transparency/merkle';

const leafOf = (data: Buffer) => createHash('sha256').update(Buffer.of(0)).update(data).digest();

function memorySource(leaves: Buffer[]): TTreeSource {
  return { perfect: (start, size) => Promise.resolve(plainRoot(leaves.slice(start, start + size))) };
}

const leaves = Array.from({ length: 70 }, (_, i) => leafOf(Buffer.from(`entry ${i}`)));
const source = memorySource(leaves);

describe('the RFC 6962 Merkle tree', () => {
  it('matches the Certificate Transparency reference vectors', async () => {
    // The eight leaves and tree heads of the CT reference implementation's tests.
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
      leafOf(Buffer.from(h, 'hex')),
    );
    const heads = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    for (let n = 1; n <= 8; n++) expect((await treeHead(memorySource(data), n)).toString('hex'), `size ${n}`).toBe(heads[n - 1]);
  });

  it('proves every leaf of every tree size, and no leaf with a changed proof, index or root', async () => {
    for (let n = 1; n <= leaves.length; n++) {
      const root = await treeHead(source, n);
      expect(root.equals(plainRoot(leaves.slice(0, n)))).toBe(true);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(source, m, n);
        expect(verifyInclusion(leaves[m]!, m, n, proof, root), `leaf ${m} of ${n}`).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(leaves[m]!, (m + 1) % n, n, proof, root), 'another index').toBe(false);
          expect(verifyInclusion(leaves[(m + 1) % n]!, m, n, proof, root), 'another leaf').toBe(false);
          const bent = proof.map((p, i) => (i === 0 ? leafOf(p) : p));
          expect(verifyInclusion(leaves[m]!, m, n, bent, root), 'a changed proof').toBe(false);
        }
      }
    }
  });

  it('proves every earlier tree consistent with every later one, and refuses a forked or changed history', async () => {
    const forked = [...leaves];
    forked[5] = leafOf(Buffer.from('rewritten'));
    for (let n = 1; n <= 40; n++) {
      const newRoot = await treeHead(source, n);
      for (let m = 1; m <= n; m++) {
        const oldRoot = await treeHead(source, m);
        const proof = await consistencyProof(source, m, n);
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof), `${m} → ${n}`).toBe(true);
        if (m > 5 && m < n) {
          const forkedOld = await treeHead(memorySource(forked), m);
          expect(verifyConsistency(m, n, forkedOld, newRoot, proof), `forked ${m} → ${n}`).toBe(false);
        }
        if (m < n) expect(verifyConsistency(m, n, oldRoot, newRoot, proof.slice(1)), 'a shortened proof').toBe(false);
      }
    }
  });
});
