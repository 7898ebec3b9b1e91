import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { tokenPartHash } from '@/server/crypto/split-token';
import { Prisma } from '@/server/db/generated/client';
import type { TDb, TOpenDatabase } from '@/server/db/client';
import { prepared } from '@/server/db/direct-sql';
import { keptBundle, readEntryBundle } from '@/server/transparency/tile-store';
import { AUDITOR_TOKEN } from '@/server/compliance/auditors/auditor-credentials';
import type { TTile } from '@/shared/transparency/tiles';

/** Who reads entry bundles: a compliance officer (all of them) or an auditor (those of the credential's range). */
export type TEntryReader =
  { kind: 'officer'; actor: TActor } | { kind: 'auditor'; credentialId: string; entriesFrom: Date; entriesUntil: Date };

export type TAuditorCheck =
  | { ok: true; reader: Extract<TEntryReader, { kind: 'auditor' }> }
  | { ok: false; reason: 'missing' | 'unknown' | 'not-activated' | 'revoked' | 'expired' | 'wrong-second-part'; credentialId?: string };

const USE_NOTED_EVERY_MS = 60_000;

/** A kept entry bundle as read beside the credential: its gzip stream and its entries' time span. */
export type TKeptRow = { gzipped: Uint8Array; firstRecordedAt: Date; lastRecordedAt: Date };

/**
 * The auditor credential a request presents, its use noted (to the minute), and with `keptBundle` that
 * full bundle as the leader kept it (null if it is not kept), in the same statement: a mirror asks thousands
 * of times, and a second round trip was a fifth of each request's CPU (0063). A refusal says why and, where
 * the first part names a credential, which one (for the operations log; the token itself is never logged).
 */
export async function checkAuditorCredential(
  database: Pick<TOpenDatabase, 'prisma' | 'direct'>,
  headers: Headers,
  now = new Date(),
  keptBundle: number | null = null,
): Promise<TAuditorCheck & { kept?: TKeptRow | null }> {
  const token = AUDITOR_TOKEN.fromHeaders(headers);
  if (!token) return { ok: false, reason: 'missing' };
  const tokenHash = tokenPartHash(token.makerPart);
  // One statement for the usual case (a mirror asks thousands of times): valid, both parts, the use noted.
  // The use is noted at most once a minute: a write on every request queued every request of a mirror
  // behind the credential's row lock and a commit (a million entries took 55 s to copy, most of it waiting).
  // The check reads one snapshot: a revocation committed before the request's statement refuses it.
  // On the bare driver, as the session lookup (0017): Prisma's pipeline cost as much again per request.
  // Prepared: parsing and planning it on every request was half of PostgreSQL's CPU per request (0064).
  const [used] = await database.direct<{ id: string; entriesFrom: Date; entriesUntil: Date } & Partial<TKeptRow>>(
    prepared(
      'auditor-credential-check',
      Prisma.sql`
    WITH valid AS (
      SELECT id, entries_from, entries_until, last_used_at FROM auditor_credential
      WHERE token_hash = ${tokenHash} AND activation_hash = ${tokenPartHash(token.activatorPart)}
        AND activated_at IS NOT NULL AND revoked_at IS NULL AND expires_at > ${now}::timestamptz
    ), noted AS (
      UPDATE auditor_credential SET last_used_at = ${now}::timestamptz FROM valid
      WHERE auditor_credential.id = valid.id
        AND (valid.last_used_at IS NULL OR valid.last_used_at <= ${new Date(now.getTime() - USE_NOTED_EVERY_MS)}::timestamptz)
    )
    SELECT valid.id::text AS id, valid.entries_from AS "entriesFrom", valid.entries_until AS "entriesUntil",
           kept.gzipped, kept.first_recorded_at AS "firstRecordedAt", kept.last_recorded_at AS "lastRecordedAt"
    FROM valid LEFT JOIN log_entry_bundle kept ON kept.idx = ${keptBundle ?? -1}::bigint`,
    ),
  );
  if (!used) return refusalOf(database.prisma, tokenHash, now);
  const reader = { kind: 'auditor', credentialId: used.id, entriesFrom: used.entriesFrom, entriesUntil: used.entriesUntil } as const;
  const { gzipped, firstRecordedAt, lastRecordedAt } = used;
  return { ok: true, reader, kept: gzipped && firstRecordedAt && lastRecordedAt ? { gzipped, firstRecordedAt, lastRecordedAt } : null };
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

/** Whether an auditor may read a bundle: all its entries were recorded inside the credential's range (a bundle is whole or nothing). */
function withinRange(reader: TEntryReader, bundle: { firstRecordedAt: Date; lastRecordedAt: Date }): boolean {
  return reader.kind !== 'auditor' || (bundle.firstRecordedAt >= reader.entriesFrom && bundle.lastRecordedAt < reader.entriesUntil);
}

/**
 * An entry bundle for one entitled to it: every bundle for a compliance officer; for an
 * auditor only a bundle whose entries were all recorded inside the credential's range. Null for anyone
 * else, and for a bundle beyond the newest checkpoint or outside the range (a bundle is whole or nothing:
 * its bytes are what the level-0 tile's hashes cover). `asKept`: a kept bundle as its gzip stream
 * (`gzipped`). `kept`: the bundle as already read with the reader's credential (checkAuditorCredential).
 */
export async function entryBundleFor(
  prisma: TDb,
  reader: TEntryReader,
  tile: TTile & { level: 'entries' },
  { asKept = false, kept = null }: { asKept?: boolean; kept?: TKeptRow | null } = {},
): Promise<{ bytes: Buffer; gzipped: boolean } | null> {
  if (reader.kind === 'officer' && reader.actor.kind !== 'COMPLIANCE') return null;
  const bundle = kept ? keptBundle(kept, asKept) : await readEntryBundle(prisma, tile, { asKept });
  if (!bundle || !withinRange(reader, bundle)) return null;
  return { bytes: bundle.bytes, gzipped: bundle.gzipped };
}
