import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { pseudonymiseIp } from '@/server/audit-log/pseudonymise-ip';
import { auth } from '@/server/auth/auth';
import { TOUCH_INTERVAL_MS } from '@/server/auth/session-policy';
import { db } from '@/server/db/client';
import type { AccountKind } from '@/server/db/generated/enums';
import { clientIpFrom } from '@/server/request/client-ip';

export type TActor = {
  id: string;
  kind: AccountKind;
  displayName: string;
  sessionId: string;
  mustChangePassword: boolean;
  /** When the session ends unless the person does something. */
  idleExpiresAt: Date;
  ipPseudonym: string | undefined;
};

/** Looks a session id up in the session table; revoked or idle sessions count as none. */
export async function actorForSession(sessionId: string, now = new Date()): Promise<Omit<TActor, 'ipPseudonym'> | null> {
  const prisma = await db();
  const session = await prisma.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      lastSeenAt: true,
      idleTimeoutSeconds: true,
      revokedAt: true,
      account: { select: { id: true, kind: true, displayName: true, mustChangePassword: true } },
    },
  });
  if (!session || session.revokedAt) return null;
  const idleLimit = session.lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000;
  if (idleLimit <= now.getTime()) {
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
    idleExpiresAt: new Date(lastSeenAt.getTime() + session.idleTimeoutSeconds * 1000),
  };
}

/** The signed-in person for this request, checked against the session table; null if none. */
export const getActor = cache(async (): Promise<TActor | null> => {
  const session = await auth();
  const sessionId = (session as { sid?: string } | null)?.sid;
  if (!sessionId) return null;
  const actor = await actorForSession(sessionId);
  if (!actor) return null;
  return { ...actor, ipPseudonym: pseudonymiseIp(clientIpFrom(await headers())) };
});

export const HOME_FOR: Record<AccountKind, string> = {
  MEMBER: '/member',
  EMPLOYER: '/member',
  ADVISOR: '/advisor',
  COMPLIANCE: '/compliance',
};

/**
 * For pages and actions: the signed-in actor of one of the given kinds. No session → login page;
 * an initial password → the page to set a new one; another role → 404 (need-to-know).
 */
export async function requireActor(kinds: readonly AccountKind[], options: { allowInitialPassword?: boolean } = {}): Promise<TActor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (actor.mustChangePassword && !options.allowInitialPassword) redirect('/password');
  if (!kinds.includes(actor.kind)) notFound();
  return actor;
}

export const ALL_KINDS: readonly AccountKind[] = ['MEMBER', 'EMPLOYER', 'ADVISOR', 'COMPLIANCE'];
export const MEMBER_KINDS: readonly AccountKind[] = ['MEMBER', 'EMPLOYER'];
