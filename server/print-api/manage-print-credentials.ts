import 'server-only';
import { z } from 'zod';
import { type TAdminActor, isAdmin } from '@/server/admin/admin-actor';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TDb } from '@/server/db/client';
import { newPrintToken, printTokenHash } from '@/server/print-api/print-credential';

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

/** The print credentials, newest first (administrators only; anyone else sees none). */
export async function listPrintCredentials(prisma: TDb, actor: TAdminActor): Promise<TPrintCredentialRow[]> {
  if (!isAdmin(actor)) return [];
  const rows = await prisma.printCredential.findMany({ select: CREDENTIAL_SELECT, orderBy: { createdAt: 'desc' }, take: 100 });
  return rows.map((r) => ({
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
  }));
}

/**
 * A new credential for the print system. The token is returned once, for the administrator to hand to
 * the print system's operators; only its hash is stored, so nobody can read it again. It fetches nothing
 * until a second administrator activates it: one administrator alone cannot make a way to read codes.
 */
export async function createPrintCredential(prisma: TDb, actor: TAdminActor, label: string): Promise<{ ok: true; id: string; token: string } | { ok: false; reason: 'not-found' }> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  const token = newPrintToken();
  return loggedTransaction(prisma, async (tx) => {
    const created = await tx.printCredential.create({ data: { label, tokenHash: printTokenHash(token), createdById: actor.id }, select: { id: true } });
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.printCredentialCreated,
      payload: { credentialId: created.id },
      personal: { actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return { ok: true, id: created.id, token } as const;
  });
}

/**
 * A second administrator activates a credential another one made (four eyes, docs/decisions/0042): in
 * one statement, so two activations at once, or one by its maker, change nothing.
 */
export async function activatePrintCredential(prisma: TDb, actor: TAdminActor, credentialId: string, now = new Date()): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'own' }> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.printCredential.updateMany({
      where: { id: credentialId, activatedAt: null, revokedAt: null, NOT: { createdById: actor.id } },
      data: { activatedAt: now, activatedById: actor.id },
    });
    if (count === 0) {
      const row = await tx.printCredential.findUnique({ where: { id: credentialId }, select: { createdById: true, activatedAt: true, revokedAt: true } });
      if (!row || row.revokedAt) return { ok: false, reason: 'not-found' } as const;
      return row.activatedAt ? ({ ok: true } as const) : ({ ok: false, reason: 'own' } as const);
    }
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.printCredentialActivated,
      payload: { credentialId },
      personal: { actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return { ok: true } as const;
  });
}

/** Revokes a credential at once: its next request is refused. Revoking a revoked one changes nothing. */
export async function revokePrintCredential(prisma: TDb, actor: TAdminActor, credentialId: string, now = new Date()): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
  if (!isAdmin(actor)) return { ok: false, reason: 'not-found' };
  return loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.printCredential.updateMany({ where: { id: credentialId, revokedAt: null }, data: { revokedAt: now } });
    if (count === 0) {
      const exists = await tx.printCredential.count({ where: { id: credentialId } });
      return exists ? ({ ok: true } as const) : ({ ok: false, reason: 'not-found' } as const);
    }
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.printCredentialRevoked,
      payload: { credentialId },
      personal: { actorId: actor.id, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) },
    });
    return { ok: true } as const;
  });
}
