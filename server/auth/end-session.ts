import 'server-only';
import { appendLogEntry, loggedTransaction } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import type { TActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';

/** Revokes the actor's current session in the session table: the cookie stops working at once. */
export async function endSession(actor: TActor): Promise<void> {
  const prisma = await db();
  await loggedTransaction(prisma, async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: actor.sessionId, accountId: actor.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count > 0) {
      await appendLogEntry(tx, {
        eventType: LOG_EVENT.logout,
        payload: { channel: 'web' },
        personal: { actorId: actor.id, ipPseudonym: actor.ipPseudonym },
      });
    }
  });
}
