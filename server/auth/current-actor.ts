import 'server-only';
import { cache } from 'react';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { pseudonymiseIp } from '@/server/audit-log/pseudonymise-ip';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';
import { type TSessionActor, actorForRequestSession } from '@/server/auth/session-lookup';
import type { AccountKind } from '@/server/db/generated/enums';
import { clientIpFrom } from '@/server/request/client-ip';

export type TActor = TSessionActor & { ipPseudonym: string | undefined };

/** The signed-in person for this request, checked against the session table; null if none. */
export const getActor = cache(async (): Promise<TActor | null> => {
  const sessionId = await sessionIdFromCookies(await cookies());
  if (!sessionId) return null;
  const actor = await actorForRequestSession(sessionId);
  if (!actor) return null;
  return { ...actor, ipPseudonym: pseudonymiseIp(clientIpFrom(await headers())) };
});

export const HOME_FOR: Record<AccountKind, string> = {
  MEMBER: '/member',
  EMPLOYER: '/member',
  ADVISOR: '/advisor',
  COMPLIANCE: '/compliance',
  ADMIN: '/admin',
};

export const SECOND_FACTOR_SETUP_PATH = '/account/second-factor';

/**
 * Whether the actor has only a restricted session: an initial password still to change, or a second
 * factor still to set up. Such a session opens only the page that lifts the restriction; route
 * handlers answer 401 as without a session.
 */
export function isRestricted(actor: TSessionActor): boolean {
  return actor.mustChangePassword || actor.secondFactorSetupRequired;
}

/**
 * For pages and actions: the signed-in actor of one of the given kinds. No session → login page;
 * an initial password → the page to set a new one; a second factor to set up → its setup page
 * (docs/decisions/0040); another role → 404 (need-to-know).
 */
export async function requireActor(
  kinds: readonly AccountKind[],
  options: { allowInitialPassword?: boolean; allowSecondFactorSetup?: boolean } = {},
): Promise<TActor> {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (actor.mustChangePassword && !options.allowInitialPassword) redirect('/password');
  if (actor.secondFactorSetupRequired && !actor.mustChangePassword && !options.allowSecondFactorSetup) redirect(SECOND_FACTOR_SETUP_PATH);
  if (!kinds.includes(actor.kind)) notFound();
  return actor;
}

export { ALL_KINDS, MEMBER_KINDS } from '@/server/auth/account-kinds';
