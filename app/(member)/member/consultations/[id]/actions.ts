'use server';

import { notFound, redirect } from 'next/navigation';
import { withdrawFromForm } from '@/app/(member)/member/withdraw-from-form';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { cancelConsultation } from '@/server/scheduling/schedule-consultation';
import { ZConsultationId } from '@/server/consultation/member-consultation';
import { formDataArgument } from '@/server/request/form-data-argument';

export async function withdrawAction(untrustedForm: unknown): Promise<void> {
  const { consultationId, saved } = await withdrawFromForm(untrustedForm);
  redirect(`/member/consultations/${consultationId}?saved=${saved}`);
}

/** The member cancels the consultation (the advisor sees it at once). */
export async function cancelAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(MEMBER_KINDS);
  const parsed = ZConsultationId.safeParse(formData.get('consultationId'));
  if (!parsed.success) notFound();
  const result = await cancelConsultation(actor, parsed.data);
  if (result.kind === 'not-found') notFound();
  redirect(`/member/consultations/${parsed.data}`);
}
