import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Bearer tokens made by two people (split knowledge, docs/decisions/0042): a prefix that names what the
 * token is for (so the proxy can turn it away elsewhere and secret scanners recognise a leaked one),
 * then two parts of 32 random bytes each, base64url: the first shown once to the person who makes the
 * credential, the second once to the one who activates it. Only the parts' hashes are stored.
 */
const PART_LENGTH = 43;
const PART = `[A-Za-z0-9_-]{${PART_LENGTH}}`;

export type TTokenParts = { makerPart: string; activatorPart: string };

/** One part of a token: 32 random bytes, base64url. */
export function newTokenPart(): string {
  return randomBytes(32).toString('base64url');
}

/** A part carries 256 random bits: a fast hash is enough to keep it useless to whoever reads the table. */
export function tokenPartHash(part: string): string {
  return createHash('sha256').update(part, 'utf8').digest('hex');
}

/** Compares two stored-form hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export function splitTokenKind(prefix: string) {
  const ZToken = z.string().regex(new RegExp(`^${prefix}${PART}${PART}$`));

  function parts(token: unknown): TTokenParts | null {
    const parsed = ZToken.safeParse(token);
    if (!parsed.success) return null;
    const body = parsed.data.slice(prefix.length);
    return { makerPart: body.slice(0, PART_LENGTH), activatorPart: body.slice(PART_LENGTH) };
  }

  return {
    prefix,
    /** The token: the prefix, the maker's part, then the activator's part. */
    join: (makerPart: string, activatorPart: string) => `${prefix}${makerPart}${activatorPart}`,
    parts,
    /** The two parts of the token in an `Authorization: Bearer …` header, if it has this kind's shape. */
    fromHeaders(headers: Headers): TTokenParts | null {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
      return parts(match?.[1]);
    },
    /** A whole token at once, for a credential registered outside the two-person flow (the demo's, the tests'). */
    newToken: () => `${prefix}${newTokenPart()}${newTokenPart()}`,
    /** The two stored hashes of a whole token; null if it does not have this kind's shape. */
    hashes(token: string): { tokenHash: string; activationHash: string } | null {
      const p = parts(token);
      return p ? { tokenHash: tokenPartHash(p.makerPart), activationHash: tokenPartHash(p.activatorPart) } : null;
    },
  };
}
