import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { tokenPartHash } from '@/server/crypto/split-token';
import type { TDb } from '@/server/db/client';
import { readEntryBundle } from '@/server/transparency/tile-store';
import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';
import type { TTile } from '@/shared/transparency/tiles';

/** Who reads entry bundles: a compliance officer (all of them) or an auditor (those of the credential's range). */
export type TEntryReader =
  { kind: 'officer'; actor: TActor } | { kind: 'auditor'; credentialId: string; entriesFrom: Date; entriesUntil: Date };

export type TAuditorCheck =
  | { ok: true; reader: Extract<TEntryReader, { kind: 'auditor' }> }
  | { ok: false; reason: 'missing' | 'unknown' | 'not-activated' | 'revoked' | 'expired' | 'wrong-second-part'; credentialId?: string };

const USE_NOTED_EVERY_MS = 60_000;

/**
 * The auditor credential a request presents, its use noted (to the minute). A refusal says why and, where the first part
 * names a credential, which one (for the operations log; the token itself is never logged).
 */
export async function checkAuditorCredential(prisma: TDb, headers: Headers, now = new Date()): Promise<TAuditorCheck> {
  const token = AUDITOR_TOKEN.fromHeaders(headers);
  if (!token) return { ok: false, reason: 'missing' };
  const tokenHash = tokenPartHash(token.makerPart);
  // One statement for the usual case (a mirror asks thousands of times): valid, both parts, the use noted.
  // The use is noted at most once a minute: a write on every request queued every request of a mirror
  // behind the credential's row lock and a commit (a million entries took 55 s to copy, most of it waiting).
  // The check reads one snapshot: a revocation committed before the request's statement refuses it.
  const [used] = await prisma.$queryRaw<{ id: string; entries_from: Date; entries_until: Date }[]>`
    WITH valid AS (
      SELECT id, entries_from, entries_until, last_used_at FROM auditor_credential
      WHERE token_hash = ${tokenHash} AND activation_hash = ${tokenPartHash(token.activatorPart)}
        AND activated_at IS NOT NULL AND revoked_at IS NULL AND expires_at > ${now}
    ), noted AS (
      UPDATE auditor_credential SET last_used_at = ${now} FROM valid
      WHERE auditor_credential.id = valid.id
        AND (valid.last_used_at IS NULL OR valid.last_used_at <= ${new Date(now.getTime() - USE_NOTED_EVERY_MS)})
    )
    SELECT id, entries_from, entries_until FROM valid`;
  if (used)
    return {
      ok: true,
      reader: { kind: 'auditor', credentialId: used.id, entriesFrom: used.entries_from, entriesUntil: used.entries_until },
    };
  return refusalOf(prisma, tokenHash, now);
}

/** Why a presented credential was refused, and which one it was (for the operations log). */
async function refusalOf(prisma: TDb, tokenHash: string, now: Date): Promise<TAuditorCheck & { ok: false }> {
  const row = await prisma.auditorCredential.findUnique({
    where: { tokenHash },
    select: { id: true, activatedAt: true, revokedAt: true, expiresAt: true },
  });
  if (!row) return { ok: false, reason: 'unknown' };
  const credentialId = row.id;
  if (row.revokedAt) return { ok: false, reason: 'revoked', credentialId };
  if (!row.activatedAt) return { ok: false, reason: 'not-activated', credentialId };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired', credentialId };
  return { ok: false, reason: 'wrong-second-part', credentialId };
}

/**
 * An entry bundle for one entitled to it: every bundle for a compliance officer; for an
 * auditor only a bundle whose entries were all recorded inside the credential's range. Null for anyone
 * else, and for a bundle beyond the newest checkpoint or outside the range (a bundle is whole or nothing:
 * its bytes are what the level-0 tile's hashes cover).
 */
export async function entryBundleFor(prisma: TDb, reader: TEntryReader, tile: TTile & { level: 'entries' }): Promise<Buffer | null> {
  if (reader.kind === 'officer' && reader.actor.kind !== 'COMPLIANCE') return null;
  const bundle = await readEntryBundle(prisma, tile);
  if (!bundle) return null;
  if (reader.kind === 'auditor' && (bundle.firstRecordedAt < reader.entriesFrom || bundle.lastRecordedAt >= reader.entriesUntil))
    return null;
  return bundle.bytes;
}
