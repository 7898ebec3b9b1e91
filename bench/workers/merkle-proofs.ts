// Child process: builds the stored Merkle tree over a target's log, then times inclusion proofs for
// random entries against the full tree, and reports one JSON line.
import { openDatabase } from '@/server/db/client';
import { inclusionProof, treeHead, verifyInclusion } from '@/shared/transparency/merkle';
import { extendMerkleTree, storedTree } from '@/server/transparency/merkle-store';
import { seededRandom } from '@/shared/seeded-random';

const target = JSON.parse(process.argv[2]!) as { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
const proofs = Number(process.argv[3] ?? 1000);
const database = await openDatabase(target);
const buildStarted = performance.now();
const size = Number(await extendMerkleTree(database.prisma));
const buildMs = performance.now() - buildStarted;
const source = storedTree(database.prisma);
const root = await treeHead(source, size);
const random = seededRandom(20261126);
const times: number[] = [];
let allVerify = true;
for (let i = 0; i < proofs; i++) {
  const index = Math.floor(random() * size);
  const started = performance.now();
  const proof = await inclusionProof(source, index, size);
  times.push(performance.now() - started);
  const leaf = await source.perfect(index, 1);
  allVerify &&= verifyInclusion(leaf, index, size, proof, root);
}
times.sort((a, b) => a - b);
await database.close();
console.log(
  JSON.stringify({ size, buildMs, p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)], allVerify }),
);
process.exit(0);
