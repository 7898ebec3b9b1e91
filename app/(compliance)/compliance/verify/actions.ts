'use server';

import { notFound, redirect } from 'next/navigation';
import { requireActor } from '@/server/auth/current-actor';
import { startFullVerification } from '@/server/witnessing/full-verification';

/** "Start the full verification": one run for all instances (the data layer decides, for compliance officers only). */
export async function startFullVerificationAction(): Promise<void> {
  const actor = await requireActor(['COMPLIANCE']);
  const started = await startFullVerification(actor);
  if (started.kind === 'forbidden') notFound();
  // A log of thousands of entries is verified before the page comes back: the officer sees the result, not a
  // progress bar that is already full. A larger one goes on in the background, its progress on the page.
  if (started.kind === 'started') await Promise.race([started.done, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  redirect(`/compliance/verify?full=${started.kind === 'started' ? 'started' : 'running'}#full-heading`);
}
