import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { HOME_FOR, SECOND_FACTOR_SETUP_PATH, getActor } from '@/server/auth/current-actor';
import { pendingSignIn } from '@/server/auth/second-factor/complete-sign-in';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';

export default async function Home() {
  const actor = await getActor();
  if (!actor) {
    // The password was right and the code is still to come (docs/decisions/0040).
    if (await pendingSignIn(await sessionIdFromCookies(await cookies()))) redirect('/login/code');
    redirect('/login');
  }
  if (actor.mustChangePassword) redirect('/password');
  if (actor.secondFactorSetupRequired) redirect(SECOND_FACTOR_SETUP_PATH);
  redirect(HOME_FOR[actor.kind]);
}
