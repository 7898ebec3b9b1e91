import 'server-only';
import { SESSION_MAX_AGE_SECONDS, TOUCH_INTERVAL_MS } from '@/server/auth/session-policy';
import { db } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';

export type TSessionActor = {
  id: string;
  kind: AccountKind;
  displayName: string;
  sessionId: string;
  mustChangePassword: boolean;
  /** When the session ends unless the person does something (never after its absolute end). */
  idleExpiresAt: Date;
};

/** Looks a session id up in the session table; revoked, idle or too old sessions count as none. */
export async function actorForSession(sessionId: string, now = new Date()): Promise<TSessionActor | null> {
  const prisma = await db();
  const session = await prisma.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      idleTimeoutSeconds: true,
      revokedAt: true,
      account: { select: { id: true, kind: true, displayName: true, mustChangePassword: true } },
    },
  });
  if (!session || session.revokedAt) return null;
  const idleLimit = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  const absoluteLimit = session.createdAt.getTime() + SESSION_MAX_AGE_SECONDS * 1000;
  if (idleLimit <= now.getTime() || absoluteLimit <= now.getTime()) {
    await prisma.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now } });
    return null;
  }
  let lastSeenAt = session.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    lastSeenAt = now;
    await prisma.session.update({ where: { id: session.id }, data: { lastSeenAt } });
  }
  return {
    ...session.account,
    sessionId: session.id,
    // The warning before the end must also come before the absolute end, whichever is first.
    idleExpiresAt: new Date(Math.min(lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000, absoluteLimit)),
  };
}

