import 'server-only';
import { z } from 'zod';
import { type TAdminActor, isAdmin } from '@/server/auth/admin-actor';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';
import { failHandedLetter, lockMembersLetter } from '@/server/letters/fail-letter';
import { newTokenPart, tokenPartHash } from '@/server/crypto/split-token';
import { PRINT_TOKEN_PREFIX } from '@/server/print-api/print-credential';

export const ZPrintCredentialLabel = z.object({ label: z.string().trim().min(3, 'labelRequired').max(80, 'labelTooLong') });
export const ZPrintCredentialId = z.object({ credentialId: z.uuid('notFound') });

const CREDENTIAL_SELECT = {
  id: true,
  label: true,
  createdAt: true,
  createdById: true,
  activatedAt: true,
  activatedBy: { select: { displayName: true } },
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { displayName: true } },
  _count: { select: { letters: true } },
} as const;

export type TPrintCredentialRow = {
  id: string;
  label: string;
  createdAt: Date;
  /** Waiting for a second administrator; `mine`: made by the one looking, who may not activate it. */
  activatedAt: Date | null;
  activatedBy: string | null;
  mine: boolean;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
  lettersFetched: number;
};

function toRow(
  r: {
    id: string;
    label: string;
    createdAt: Date;
    createdById: string | null;
    activatedAt: Date | null;
    activatedBy: { displayName: string } | null;
    lastUsedAt: Date | null;
    revokedAt: Date | null;
    createdBy: { displayName: string } | null;
    _count: { letters: number };
  },
  actor: TAdminActor,
): TPrintCredentialRow {
  return {
    id: r.id,
    label: r.label,
    createdAt: r.createdAt,
    activatedAt: r.activatedAt,
    activatedBy: r.activatedBy?.displayName ?? null,
    mine: r.createdById === actor.id,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
    createdBy: r.createdBy?.displayName ?? null,
    lettersFetched: r._count.letters,
  };
}

/** The print credentials, newest first (administrators only; anyone else sees none). */
export async function listPrintCredentials(prisma: TDb, actor: TAdminActor): Promise<TPrintCredentialRow[]> {
  if (!isAdmin(actor)) return [];
  const rows = await prisma.printCredential.findMany({ select: CREDENTIAL_SELECT, orderBy: { createdAt: 'desc' }, take: 100 });
  return rows.map((r) => toRow(r, actor));
}

/** One print credential (administrators only; null for anyone else and for an unknown id). */
export async function getPrintCredential(prisma: TDb, actor: TAdminActor, credentialId: string): Promise<TPrintCredentialRow | null> {
  if (!isAdmin(actor)) return null;
  const row = await prisma.printCredential.findUnique({ where: { id: credentialId }, select: CREDENTIAL_SELECT });
  return row ? toRow(row, actor) : null;
}

/**
 * A new credential for the print system. The first part of its token is returned once, for the
 * administrator to hand to the print system's operators; only its hash is stored, so nobody can read it
 * again. It fetches nothing until a second administrator activates it and hands over the second part:
 * one administrator alone neither activates a credential nor holds a working token (0042).
 */
export async function createPrintCredential(
  prisma: TDb,
  actor: TAdminActor,
  label: string,
): Promise<{ ok: true; id: string; firstPart: string } | { ok: false; reason: 'not-found' }> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  const part = newTokenPart();
  return loggedTransaction(prisma, async (tx) => {
    const created = await tx.printCredential.create({
      data: { label, tokenHash: tokenPartHash(part), createdById: actor.id },
      select: { id: true },
    });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.printCredentialCreated,
      payload: { credentialId: created.id },
      personal: { actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return { ok: true, id: created.id, firstPart: `${PRINT_TOKEN_PREFIX}${part}` } as const;
  });
}

/**
 * A second administrator activates a credential another one made (four eyes, docs/decisions/0042) and
 * gets the token's second part, once. In one statement, so two activations at once, or one by its
 * maker, change nothing; an activated credential is not activated again (its second part is never
 * shown twice).
 */
export async function activatePrintCredential(
  prisma: TDb,
  actor: TAdminActor,
  credentialId: string,
  now = new Date(),
): Promise<{ ok: true; secondPart: string } | { ok: false; reason: 'not-found' | 'own' | 'already-active' }> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  const part = newTokenPart();
  return loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.printCredential.updateMany({
      where: { id: credentialId, activatedAt: null, revokedAt: null, NOT: { createdById: actor.id } },
      data: { activatedAt: now, activatedById: actor.id, activationHash: tokenPartHash(part) },
    });
    if (count === 0) {
      const row = await tx.printCredential.findUnique({ where: { id: credentialId }, select: { activatedAt: true, revokedAt: true } });
      if (!row || row.revokedAt) return { ok: false, reason: 'not-found' } as const;
      return { ok: false, reason: row.activatedAt ? 'already-active' : 'own' } as const;
    }
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.printCredentialActivated,
      payload: { credentialId },
      personal: { actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return { ok: true, secondPart: part } as const;
  });
}

/**
 * Revokes a credential at once: its next request is refused. The letters it fetched and has not
 * reported on fail with it (failHandedLetter): their codes, which whoever holds the credential may have
 * read, stop working, and the letters are requested again for the print system's next credential.
 * Revoking a revoked credential changes nothing. The credential's row is locked first, as a fetch does.
 */
export async function revokePrintCredential(
  prisma: TDb,
  actor: TAdminActor,
  credentialId: string,
  now = new Date(),
): Promise<{ ok: true; lettersFailed: number } | { ok: false; reason: 'not-found' }> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const personal = { actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) };
    const { count } = await tx.printCredential.updateMany({ where: { id: credentialId, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const exists = await tx.printCredential.count({ where: { id: credentialId } });
      return exists ? ({ ok: true, lettersFailed: 0 } as const) : ({ ok: false, reason: 'not-found' } as const);
    }
    const unreported = await tx.passwordLetter.findMany({
      where: { printCredentialId: credentialId, state: 'HANDED_TO_PRINT' },
      select: { id: true, accountId: true },
      orderBy: { id: 'asc' },
    });
    let lettersFailed = 0;
    for (const { id, accountId } of unreported) {
      const letter = await lockMembersLetter(tx, accountId, id);
      if (letter?.state !== 'HANDED_TO_PRINT') continue; // reported meanwhile
      const repeatedBy = await failHandedLetter(tx, letter, 'credential-revoked', now);
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.passwordLetterFailed,
        payload: { letterId: id, attempt: letter.attempt, credentialId, reason: 'credential-revoked', repeatedBy },
        personal: { ...personal, subjectId: accountId },
      });
      lettersFailed++;
    }
    await appendLogEntry(tx, { eventType: LOG_EVENT.printCredentialRevoked, payload: { credentialId, lettersFailed }, personal });
    return { ok: true, lettersFailed } as const;
  });
}
