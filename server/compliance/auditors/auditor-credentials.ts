import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { berlinLocalToUtc } from '@/server/consultation/berlin-time';
import { newTokenPart, splitTokenKind, tokenPartHash } from '@/server/crypto/split-token';
import type { TDb } from '@/server/db/client';

/** Auditor tokens start with this; the proxy turns one away anywhere but the entry bundles (docs/decisions/0057). */
export const AUDITOR_TOKEN = splitTokenKind('cga_');

/** The longest an auditor credential is valid: an audit engagement, not a standing access. */
export const MAX_VALID_DAYS = 366;
const DAY_MS = 24 * 60 * 60 * 1000;

const berlinDay = z
  .string()
  .regex(/^20\d{2}-\d{2}-\d{2}$/, 'dateInvalid')
  .refine((d) => berlinLocalToUtc(d, '00:00') !== null, 'dateInvalid');

/** The start of the Berlin day after `day`: the exclusive end of a range that includes `day`. */
function dayAfter(day: string): Date {
  const start = berlinLocalToUtc(day, '00:00')!;
  // Noon of the next day is on the next day whatever the clocks did; its midnight is the day's end.
  const next = new Date(start.getTime() + DAY_MS + 12 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return berlinLocalToUtc(next, '00:00')!;
}

/** The form: who audits, which days' entries (inclusive), and the last day the credential works. */
export const ZAuditorCredentialInput = z
  .object({
    label: z.string().trim().min(3, 'labelRequired').max(80, 'labelTooLong'),
    entriesFrom: berlinDay,
    entriesUntil: berlinDay,
    validUntil: berlinDay,
  })
  .refine((f) => f.entriesFrom <= f.entriesUntil, { path: ['entriesUntil'], message: 'rangeReversed' });
export type TAuditorCredentialInput = z.infer<typeof ZAuditorCredentialInput>;
export const ZAuditorCredentialId = z.object({ credentialId: z.uuid('notFound') });

export type TAuditorCredentialRow = {
  id: string;
  label: string;
  entriesFrom: Date;
  entriesUntil: Date;
  expiresAt: Date;
  createdAt: Date;
  createdBy: string | null;
  /** Made by the officer looking, who may not activate it. */
  mine: boolean;
  activatedAt: Date | null;
  activatedBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const CREDENTIAL_SELECT = {
  id: true,
  label: true,
  entriesFrom: true,
  entriesUntil: true,
  expiresAt: true,
  createdAt: true,
  createdById: true,
  createdBy: { select: { displayName: true } },
  activatedAt: true,
  activatedBy: { select: { displayName: true } },
  lastUsedAt: true,
  revokedAt: true,
} as const;

type TSelected = {
  [K in Exclude<keyof TAuditorCredentialRow, 'mine' | 'createdBy' | 'activatedBy'>]: TAuditorCredentialRow[K];
} & { createdById: string | null; createdBy: { displayName: string } | null; activatedBy: { displayName: string } | null };

function toRow({ createdById, createdBy, activatedBy, ...rest }: TSelected, actor: TActor): TAuditorCredentialRow {
  return {
    ...rest,
    createdBy: createdBy?.displayName ?? null,
    activatedBy: activatedBy?.displayName ?? null,
    mine: createdById === actor.id,
  };
}

const isOfficer = (actor: TActor) => actor.kind === 'COMPLIANCE';
const personalOf = (actor: TActor) => ({ actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) });

/** The auditor credentials, newest first (compliance officers only; anyone else sees none). */
export async function listAuditorCredentials(prisma: TDb, actor: TActor): Promise<TAuditorCredentialRow[]> {
  if (!isOfficer(actor)) return [];
  const rows = await prisma.auditorCredential.findMany({ select: CREDENTIAL_SELECT, orderBy: { createdAt: 'desc' }, take: 100 });
  return rows.map((r) => toRow(r, actor));
}

/** One auditor credential (compliance officers only; null for anyone else and for an unknown id). */
export async function getAuditorCredential(prisma: TDb, actor: TActor, credentialId: string): Promise<TAuditorCredentialRow | null> {
  if (!isOfficer(actor)) return null;
  const row = await prisma.auditorCredential.findUnique({ where: { id: credentialId }, select: CREDENTIAL_SELECT });
  return row ? toRow(row, actor) : null;
}

/**
 * A new credential for an outside auditor. The first part of its token is returned once; only its hash
 * is stored. It reads nothing until a second officer activates it and hands over the second part: one
 * officer alone neither grants access to the log's entries nor holds a working token.
 */
export async function createAuditorCredential(
  prisma: TDb,
  actor: TActor,
  input: TAuditorCredentialInput,
  now = new Date(),
): Promise<
  | { ok: true; id: string; firstPart: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'invalid'; field: 'validUntil'; message: string }
> {
  if (!isOfficer(actor)) return { ok: false, reason: 'not-found' };
  const expiresAt = dayAfter(input.validUntil);
  if (expiresAt <= now) return { ok: false, reason: 'invalid', field: 'validUntil', message: 'validUntilPast' };
  if (expiresAt.getTime() - now.getTime() > (MAX_VALID_DAYS + 1) * DAY_MS)
    return { ok: false, reason: 'invalid', field: 'validUntil', message: 'validUntilTooFar' };
  const part = newTokenPart();
  return loggedTransaction(prisma, async (tx) => {
    const created = await tx.auditorCredential.create({
      data: {
        label: input.label,
        tokenHash: tokenPartHash(part),
        entriesFrom: berlinLocalToUtc(input.entriesFrom, '00:00')!,
        entriesUntil: dayAfter(input.entriesUntil),
        expiresAt,
        createdById: actor.id,
      },
      select: { id: true, entriesFrom: true, entriesUntil: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.auditorCredentialCreated,
      payload: {
        credentialId: created.id,
        entriesFrom: created.entriesFrom.toISOString(),
        entriesUntil: created.entriesUntil.toISOString(),
        expiresAt: expiresAt.toISOString(),
      },
      personal: personalOf(actor),
    });
    return { ok: true, id: created.id, firstPart: `${AUDITOR_TOKEN.prefix}${part}` } as const;
  });
}

/**
 * A second officer activates a credential another one made (four eyes) and gets the token's second
 * part, once. One statement decides, so two activations at once, or one by its maker, change nothing;
 * an active, expired or revoked credential is not activated (again).
 */
export async function activateAuditorCredential(
  prisma: TDb,
  actor: TActor,
  credentialId: string,
  now = new Date(),
): Promise<{ ok: true; secondPart: string } | { ok: false; reason: 'not-found' | 'own' | 'already-active' | 'expired' }> {
  if (!isOfficer(actor)) return { ok: false, reason: 'not-found' };
  const part = newTokenPart();
  return loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.auditorCredential.updateMany({
      where: { id: credentialId, activatedAt: null, revokedAt: null, expiresAt: { gt: now }, NOT: { createdById: actor.id } },
      data: { activatedAt: now, activatedById: actor.id, activationHash: tokenPartHash(part) },
    });
    if (count === 0) {
      const row = await tx.auditorCredential.findUnique({
        where: { id: credentialId },
        select: { activatedAt: true, revokedAt: true, expiresAt: true },
      });
      if (!row || row.revokedAt) return { ok: false, reason: 'not-found' } as const;
      if (row.activatedAt) return { ok: false, reason: 'already-active' } as const;
      return { ok: false, reason: row.expiresAt <= now ? 'expired' : 'own' } as const;
    }
    await appendLogEntry(tx, { eventType: LOG_EVENT.auditorCredentialActivated, payload: { credentialId }, personal: personalOf(actor) });
    return { ok: true, secondPart: part } as const;
  });
}

/** Revokes a credential at once: its next request is refused. Revoking a revoked credential changes nothing. */
export async function revokeAuditorCredential(
  prisma: TDb,
  actor: TActor,
  credentialId: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
  if (!isOfficer(actor)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.auditorCredential.updateMany({ where: { id: credentialId, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const exists = await tx.auditorCredential.count({ where: { id: credentialId } });
      return exists ? ({ ok: true } as const) : ({ ok: false, reason: 'not-found' } as const);
    }
    await appendLogEntry(tx, { eventType: LOG_EVENT.auditorCredentialRevoked, payload: { credentialId }, personal: personalOf(actor) });
    return { ok: true } as const;
  });
}
