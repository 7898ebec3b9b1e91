'use server';

import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/server/auth/current-actor';
import { lookupMember } from '@/server/compliance/lookup-member';
import { ZOfficerReason } from '@/server/compliance/officer-reason';
import { db, directDb } from '@/server/db/client';
import { formDataArgument } from '@/server/request/form-data-argument';

const ZLookupForm = z.object({ number: z.string().max(40).default(''), reason: ZOfficerReason });

/** "Find a person": looks the number up (logged in the data layer) and shows that member's entries. */
export async function lookupMemberAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const parsed = ZLookupForm.safeParse({ number: formData.get('number') ?? undefined, reason: formData.get('reason') ?? undefined });
  if (!parsed.success) redirect('/compliance/log?lookup=invalid#lookup-heading');
  const found = await lookupMember(await db(), await directDb(), actor, parsed.data);
  if (!found) notFound();
  if (found.kind !== 'found') redirect(`/compliance/log?lookup=${found.kind}#lookup-heading`);
  // The reason went into the lookup's log entry; it never travels in an address (it may name people).
  redirect(`/compliance/log?${new URLSearchParams({ member: found.memberId })}`);
}
