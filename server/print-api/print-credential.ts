import 'server-only';
import { sameHash, splitTokenKind, tokenPartHash } from '@/server/crypto/split-token';
import type { TDb } from '@/server/db/client';

/** The print system as the one calling: which credential it used (docs/decisions/0042). */
export type TPrintCredential = { id: string; label: string };

/** Print tokens start with this; the proxy turns one away anywhere but the print API. */
export const PRINT_TOKEN_PREFIX = 'cgp_';
export const PRINT_TOKEN = splitTokenKind(PRINT_TOKEN_PREFIX);

/** Why a request's credential was refused; `credentialId` when its first part names one (for the operations log). */
export type TPrintCredentialCheck =
  | { ok: true; credential: TPrintCredential }
  | { ok: false; reason: 'missing' | 'unknown' | 'not-activated' | 'revoked' | 'wrong-second-part'; credentialId?: string };

/**
 * The active credential a request presents, its use noted. A refusal says why and, where the first part
 * names a credential, which one: a revoked or half-known token being tried is what operations must see.
 */
export async function checkPrintCredential(prisma: TDb, headers: Headers, now = new Date()): Promise<TPrintCredentialCheck> {
  const token = PRINT_TOKEN.fromHeaders(headers);
  if (!token) return { ok: false, reason: 'missing' };
  const [row] = await prisma.$queryRaw<{ id: string; activated: boolean; revoked: boolean; activationHash: string | null }[]>`
    SELECT id::text AS id, activated_at IS NOT NULL AS activated, revoked_at IS NOT NULL AS revoked, activation_hash AS "activationHash"
    FROM print_credential WHERE token_hash = ${tokenPartHash(token.makerPart)}`;
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked) return { ok: false, reason: 'revoked', credentialId: row.id };
  if (!row.activated) return { ok: false, reason: 'not-activated', credentialId: row.id };
  if (!row.activationHash || !sameHash(row.activationHash, tokenPartHash(token.activatorPart)))
    return { ok: false, reason: 'wrong-second-part', credentialId: row.id };
  // Checked again in the update: a revocation between the two statements wins.
  const [used] = await prisma.$queryRaw<TPrintCredential[]>`
    UPDATE print_credential SET last_used_at = ${now}
    WHERE id = ${row.id}::uuid AND revoked_at IS NULL
    RETURNING id::text AS id, label`;
  return used ? { ok: true, credential: used } : { ok: false, reason: 'revoked', credentialId: row.id };
}

/** The active credential a request presents, or null (see checkPrintCredential). */
export async function printCredentialFor(prisma: TDb, headers: Headers, now = new Date()): Promise<TPrintCredential | null> {
  const check = await checkPrintCredential(prisma, headers, now);
  return check.ok ? check.credential : null;
}
