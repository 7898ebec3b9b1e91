import 'server-only';
import { z } from 'zod';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { isRecordId } from '@/server/four-eyes/four-eyes';
import { sha256Hex } from '@/server/crypto/sha256';
import type { TDb } from '@/server/db/client';

export const ZClosingNote = z.string().trim().min(10, 'too-short').max(4000, 'too-long');

export type TCaseChange = 'done' | 'not-found' | 'wrong-state';

/**
 * An officer takes an open case. Guarded by its state in the same statement, so two officers
 * taking it at once leave one investigator, and the log says who.
 */
export async function startInvestigation(prisma: TDb, actor: TActor, id: string): Promise<TCaseChange> {
  if (actor.kind !== 'COMPLIANCE' || !isRecordId(id)) return 'not-found';
  return loggedTransaction(prisma, async (tx) => {
    const found = await tx.violation.findUnique({ where: { id }, select: { kind: true, consultationId: true } });
    if (!found) return 'not-found';
    const { count } = await tx.violation.updateMany({
      where: { id, status: 'OPEN' },
      data: { status: 'INVESTIGATING', investigatorId: actor.id, investigatingSince: new Date() },
    });
    if (!count) return 'wrong-state';
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.caseInvestigationStarted,
      consultationId: found.consultationId,
      payload: { violationId: id, kind: found.kind, channel: 'web' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return 'done';
  });
}

/**
 * Closes a case with the officer's finding. The note stays on the case (it may name people, so it is
 * erasable with the case); the log entry commits to it by its SHA-256.
 */
export async function closeCase(prisma: TDb, actor: TActor, id: string, note: string): Promise<TCaseChange> {
  if (actor.kind !== 'COMPLIANCE' || !isRecordId(id)) return 'not-found';
  const text = ZClosingNote.parse(note);
  return loggedTransaction(prisma, async (tx) => {
    const found = await tx.violation.findUnique({ where: { id }, select: { kind: true, consultationId: true } });
    if (!found) return 'not-found';
    const { count } = await tx.violation.updateMany({
      where: { id, status: { not: 'CLOSED' } },
      data: { status: 'CLOSED', closedAt: new Date(), closedById: actor.id, closingNote: text },
    });
    if (!count) return 'wrong-state';
    await appendLogEntry(tx, {
      eventType: LOG_EVENT.caseClosed,
      consultationId: found.consultationId,
      payload: { violationId: id, kind: found.kind, noteSha256: sha256Hex(text), channel: 'web' },
      personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
    });
    return 'done';
  });
}
