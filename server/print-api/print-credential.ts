import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TDb } from '@/server/db/client';

/** The print system as the one calling: which credential it used (docs/decisions/0042). */
export type TPrintCredential = { id: string; label: string };

/**
 * Tokens start with this, so the proxy can turn away a print credential anywhere but the print API and
 * secret scanners can recognise a leaked one. The rest is two parts of 32 random bytes each: the first
 * is shown once to the administrator who makes the credential, the second once to the one who activates
 * it (split knowledge): no administrator alone ever holds a working token.
 */
export const PRINT_TOKEN_PREFIX = 'cgp_';
const PART_LENGTH = 43;
const PART = `[A-Za-z0-9_-]{${PART_LENGTH}}`;
const ZPrintToken = z.string().regex(new RegExp(`^${PRINT_TOKEN_PREFIX}${PART}${PART}$`));

/** One part of a token: 32 random bytes, base64url. */
export function newPrintTokenPart(): string {
  return randomBytes(32).toString('base64url');
}

/** A part carries 256 random bits: a fast hash is enough to keep it useless to whoever reads the table. */
export function printTokenPartHash(part: string): string {
  return createHash('sha256').update(part, 'utf8').digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The token the print system sends: the prefix, the maker's part, then the activator's part. */
export function printToken(makerPart: string, activatorPart: string): string {
  return `${PRINT_TOKEN_PREFIX}${makerPart}${activatorPart}`;
}

type TPrintTokenParts = { makerPart: string; activatorPart: string };

/** The two parts of a token, if it has a print token's shape. */
function printTokenParts(token: unknown): TPrintTokenParts | null {
  const parsed = ZPrintToken.safeParse(token);
  if (!parsed.success) return null;
  const body = parsed.data.slice(PRINT_TOKEN_PREFIX.length);
  return { makerPart: body.slice(0, PART_LENGTH), activatorPart: body.slice(PART_LENGTH) };
}

/** The two parts of the token in an `Authorization: Bearer …` header, if it has a print token's shape. */
export function printTokenFrom(headers: Headers): TPrintTokenParts | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return printTokenParts(match?.[1]);
}

/** A whole token at once, for a credential registered outside /admin (the demo's, the tests'). */
export function newPrintToken(): string {
  return printToken(newPrintTokenPart(), newPrintTokenPart());
}

/** The two stored hashes of a whole token; null if it does not have a token's shape. */
export function printTokenHashes(token: string): { tokenHash: string; activationHash: string } | null {
  const parts = printTokenParts(token);
  return parts ? { tokenHash: printTokenPartHash(parts.makerPart), activationHash: printTokenPartHash(parts.activatorPart) } : null;
}

/** Why a request's credential was refused; `credentialId` when its first part names one (for the operations log). */
export type TPrintCredentialCheck =
  | { ok: true; credential: TPrintCredential }
  | { ok: false; reason: 'missing' | 'unknown' | 'not-activated' | 'revoked' | 'wrong-second-part'; credentialId?: string };

/**
 * The active credential a request presents, its use noted. A refusal says why and, where the first part
 * names a credential, which one: a revoked or half-known token being tried is what operations must see.
 */
export async function checkPrintCredential(prisma: TDb, headers: Headers, now = new Date()): Promise<TPrintCredentialCheck> {
  const token = printTokenFrom(headers);
  if (!token) return { ok: false, reason: 'missing' };
  const [row] = await prisma.$queryRaw<{ id: string; activated: boolean; revoked: boolean; activationHash: string | null }[]>`
    SELECT id::text AS id, activated_at IS NOT NULL AS activated, revoked_at IS NOT NULL AS revoked, activation_hash AS "activationHash"
    FROM print_credential WHERE token_hash = ${printTokenPartHash(token.makerPart)}`;
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked) return { ok: false, reason: 'revoked', credentialId: row.id };
  if (!row.activated) return { ok: false, reason: 'not-activated', credentialId: row.id };
  if (!row.activationHash || !sameHash(row.activationHash, printTokenPartHash(token.activatorPart)))
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
