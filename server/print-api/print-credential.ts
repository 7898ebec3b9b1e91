import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TDb } from '@/server/db/client';

/** The print system as the one calling: which credential it used (docs/decisions/0042). */
export type TPrintCredential = { id: string; label: string };

/**
 * Tokens start with this, so the proxy can turn away a print credential anywhere but the print API and
 * secret scanners can recognise a leaked one; the rest is 32 random bytes.
 */
export const PRINT_TOKEN_PREFIX = 'cgp_';
const ZPrintToken = z.string().regex(/^cgp_[A-Za-z0-9_-]{43}$/);

export function newPrintToken(): string {
  return `${PRINT_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A token carries 256 random bits: a fast hash is enough to keep it useless to whoever reads the table. */
export function printTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token in an `Authorization: Bearer …` header, if it has a print token's shape. */
export function printTokenFrom(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  const parsed = ZPrintToken.safeParse(match?.[1]);
  return parsed.success ? parsed.data : null;
}

/** The active credential a request presents, its use noted; null for none, a malformed, unknown or revoked one. */
export async function printCredentialFor(prisma: TDb, headers: Headers, now = new Date()): Promise<TPrintCredential | null> {
  const token = printTokenFrom(headers);
  if (!token) return null;
  const [row] = await prisma.$queryRaw<TPrintCredential[]>`
    UPDATE print_credential SET last_used_at = ${now}
    WHERE token_hash = ${printTokenHash(token)} AND revoked_at IS NULL AND activated_at IS NOT NULL
    RETURNING id::text AS id, label`;
  return row ?? null;
}
