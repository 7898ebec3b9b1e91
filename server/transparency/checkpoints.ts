import 'server-only';
import { type KeyObject, sign } from 'node:crypto';
import { privateKeyFromSeed, rawPublicKey } from '@/shared/transparency/ed25519-keys';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import type { TActor } from '@/server/auth/current-actor';
import type { TDb } from '@/server/db/client';
import { env } from '@/server/env';
import { checkpointBody, keyIdOf, verifierKey } from '@/shared/transparency/checkpoint-note';
import { treeHead } from '@/shared/transparency/merkle';
import { extendMerkleTree, storedTree } from '@/server/transparency/merkle-store';

type TSigner = { name: string; keyId: Buffer; privateKey: KeyObject; verifierKey: string };

let signer: TSigner | null | undefined;

/** The checkpoint signer from LOG_SIGNING_KEY, named after the log's origin; null when none is configured. */
export function logSigner(): TSigner | null {
  if (signer !== undefined) return signer;
  const { LOG_SIGNING_KEY: seed, LOG_ORIGIN: name } = env();
  if (!seed) return (signer = null);
  const privateKey = privateKeyFromSeed(Buffer.from(seed, 'base64'));
  const publicKey = rawPublicKey(privateKey);
  signer = { name, keyId: keyIdOf(name, publicKey), privateKey, verifierKey: verifierKey(name, publicKey) };
  return signer;
}

/** The verifier keys to publish: the current one first, then retired ones, so older checkpoints still verify. */
export function publishedVerifierKeys(): string[] {
  const current = logSigner()?.verifierKey;
  const retired = env().LOG_RETIRED_VERIFIER_KEYS.split(/\s+/).filter(Boolean);
  return [...(current ? [current] : []), ...retired];
}

export type TStoredCheckpoint = { treeSize: bigint; rootHash: string; note: string; createdAt: Date };

export async function latestCheckpoint(prisma: TDb): Promise<TStoredCheckpoint | null> {
  return prisma.logCheckpoint.findFirst({
    orderBy: { treeSize: 'desc' },
    select: { treeSize: true, rootHash: true, note: true, createdAt: true },
  });
}

/** A C2SP signed note of the checkpoint (origin = the key's name): body, blank line, signature line. */
export function signedCheckpointNote(key: TSigner, treeSize: number, rootHash: Buffer): string {
  const body = checkpointBody({ origin: key.name, treeSize, rootHash });
  const signature = sign(null, Buffer.from(body, 'utf8'), key.privateKey);
  return `${body}\n\u2014 ${key.name} ${Buffer.concat([key.keyId, signature]).toString('base64')}\n`;
}

/** Every checkpoint, oldest first (one per signing: a few thousand a year at most). */
export async function allCheckpoints(prisma: TDb): Promise<TStoredCheckpoint[]> {
  return prisma.logCheckpoint.findMany({
    orderBy: { treeSize: 'asc' },
    select: { treeSize: true, rootHash: true, note: true, createdAt: true },
  });
}

/** A compliance officer's "sign now": the same signing, asked for by a person allowed to. */
export async function signCheckpointFor(prisma: TDb, actor: TActor): Promise<TStoredCheckpoint | null | 'not-allowed'> {
  if (actor.kind !== 'COMPLIANCE') return 'not-allowed';
  return signCheckpoint(prisma);
}

/**
 * Signs the log as it is now: extends the stored tree to the log's head and, if it grew since the last
 * checkpoint, signs its head as a C2SP checkpoint and keeps it. Instances racing sign the same head
 * with the same deterministic Ed25519 signature, so the second insert changes nothing. Returns the
 * newest checkpoint (null when the log is empty or no key is configured).
 */
export async function signCheckpoint(prisma: TDb): Promise<TStoredCheckpoint | null> {
  const key = logSigner();
  if (!key) return null;
  // Everything logged until now, including entries still queued.
  await integrateQueuedEntries(prisma);
  const size = await extendMerkleTree(prisma);
  const latest = await latestCheckpoint(prisma);
  if (size === 0n || (latest && latest.treeSize >= size)) return latest;
  const rootHash = await treeHead(storedTree(prisma), Number(size));
  const note = signedCheckpointNote(key, Number(size), rootHash);
  await prisma.logCheckpoint.createMany({
    data: [{ treeSize: size, rootHash: rootHash.toString('hex'), keyId: key.keyId.toString('hex'), note }],
    skipDuplicates: true,
  });
  return latestCheckpoint(prisma);
}
