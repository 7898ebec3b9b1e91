import { redirect } from 'next/navigation';
import { HOME_FOR, getActor } from '@/server/auth/current-actor';

export default async function Home() {
  const actor = await getActor();
  if (!actor) redirect('/login');
  if (actor.mustChangePassword) redirect('/password');
  redirect(HOME_FOR[actor.kind]);
}
