'use server';

import { redirect } from 'next/navigation';
import { withdrawFromForm } from '@/app/(member)/member/withdraw-from-form';

/** Withdrawing from the history: the same one step as on the consultation's page, then back here with the result. */
export async function withdrawFromHistoryAction(untrustedForm: unknown): Promise<void> {
  const { consultationId, saved } = await withdrawFromForm(untrustedForm);
  redirect(`/member/consents?saved=${saved}&consultation=${consultationId}`);
}
