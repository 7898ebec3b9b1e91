'use server';

import { notFound, redirect } from 'next/navigation';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { ZWithdrawInput, withdrawConsent } from '@/server/consent/withdraw-consent';
import { formDataArgument } from '@/server/request/form-data-argument';

/** Withdrawing from the history: the same one step as on the consultation's page, then back here with the result. */
export async function withdrawFromHistoryAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(MEMBER_KINDS);
  const parsed = ZWithdrawInput.safeParse({ consultationId: formData.get('consultationId'), scope: formData.get('scope') });
  if (!parsed.success) notFound();
  const result = await withdrawConsent(actor, parsed.data);
  if (result.kind === 'not-found') notFound();
  const saved = result.kind === 'nothing-to-withdraw' ? 'nothing' : parsed.data.scope === 'all' ? 'withdrawn' : 'recording-withdrawn';
  redirect(`/member/consents?saved=${saved}&consultation=${parsed.data.consultationId}`);
}
