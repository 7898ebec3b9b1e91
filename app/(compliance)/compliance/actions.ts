'use server';

import { notFound, redirect } from 'next/navigation';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { signCheckpointFor } from '@/server/transparency/checkpoints';

/** "Sign now": a checkpoint over the log as it is, checked in the data layer for the officer's role. */
export async function signCheckpointAction(): Promise<void> {
  const actor = await requireActor(['COMPLIANCE']);
  const signed = await signCheckpointFor(await db(), actor);
  if (signed === 'not-allowed') notFound();
  redirect(signed ? '/compliance?signed=1#checkpoint-heading' : '/compliance?signed=0#checkpoint-heading');
}
