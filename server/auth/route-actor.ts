import 'server-only';
import { type TActor, getActor, isRestricted } from '@/server/auth/current-actor';
import type { AccountKind } from '@/server/db/generated/enums';

/**
 * For route handlers: the signed-in actor of one of `kinds`, or the answer to give instead: 401 with
 * no session (or only an initial password), 404 for another role, so the route's existence is not
 * confirmed to those who may not use it.
 */
export async function routeActor(kinds: readonly AccountKind[]): Promise<{ actor: TActor } | { response: Response }> {
  const actor = await getActor();
  if (!actor || isRestricted(actor))
    return { response: new Response('Sign in first.', { status: 401, headers: { 'cache-control': 'no-store' } }) };
  if (!kinds.includes(actor.kind))
    return { response: new Response('Not found.', { status: 404, headers: { 'cache-control': 'no-store' } }) };
  return { actor };
}
