import 'server-only';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type TServiceForTerms, termsDigest } from '@/server/consent-rules/consent-terms';
import type { AccountKind } from '@/server/db/generated/enums';
import { env } from '@/server/env';

/** Served tokens older than this no longer prove what was shown; the member reloads the page. */
export const SERVED_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const ZServedClaims = z.object({
  /** disclosure version id */
  d: z.uuid(),
  /** its content hash */
  h: z.string().regex(/^[0-9a-f]{64}$/),
  /** language the text was shown in */
  l: z.string().regex(/^[a-z]{2}$/),
  /** member (account) id */
  m: z.uuid(),
  /** consultation id */
  c: z.uuid(),
  /** digest of the service facts and consent sentences shown (server/consent-rules/consent-terms.ts) */
  s: z.string().regex(/^[0-9a-f]{64}$/),
  /** served at, epoch ms */
  t: z.number().int().positive(),
  /** nonce: one decision per served page */
  n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

export type TServedClaims = z.infer<typeof ZServedClaims>;

let key: Buffer | undefined;
function tokenKey(): Buffer {
  key ??= Buffer.from(hkdfSync('sha256', env().GATEWAY_SECRET, 'consent-gateway', 'served-token', 32));
  return key;
}

function mac(body: string): Buffer {
  return createHmac('sha256', tokenKey()).update(body).digest();
}

/**
 * The token a consent page carries: which disclosure version was shown, in which language, to whom, for which
 * consultation, with which service facts and sentences. One place for the page and the demo's history.
 */
export function servedTokenFor(shown: {
  disclosure: { id: string; contentHash: string };
  language: string;
  member: { id: string; kind: AccountKind };
  consultationId: string;
  service: TServiceForTerms;
}): string {
  return issueServedToken({
    d: shown.disclosure.id,
    h: shown.disclosure.contentHash,
    l: shown.language,
    m: shown.member.id,
    c: shown.consultationId,
    s: termsDigest(shown.language, shown.service, shown.member.kind),
  });
}

/**
 * A signed statement that the gateway showed this disclosure version to this member for this
 * consultation at this time. Made when the page renders, recorded only with the decision, so
 * reloads and prefetches write nothing.
 */
export function issueServedToken(claims: Omit<TServedClaims, 't' | 'n'>, now = Date.now()): string {
  const full: TServedClaims = { ...claims, t: now, n: randomBytes(16).toString('base64url') };
  const body = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `${body}.${mac(body).toString('base64url')}`;
}

export type TServedTokenCheck = { ok: true; claims: TServedClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export function readServedToken(token: string, now = Date.now()): TServedTokenCheck {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || token.length > 2000) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = ZServedClaims.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (parsed.data.t > now + 60_000 || now - parsed.data.t > SERVED_TOKEN_MAX_AGE_MS) return { ok: false, reason: 'expired' };
  return { ok: true, claims: parsed.data };
}
