'use server';

import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/server/auth/current-actor';
import { performCallAction } from '@/server/call/call-actions';
import { confirmCallEnded } from '@/server/call/call-end';
import { cancelConsultation, handOverConsultation } from '@/server/scheduling/schedule-consultation';
import { formDataArgument } from '@/server/request/form-data-argument';

const ZRecordingInput = z.object({ consultationId: z.uuid(), action: z.enum(['start-recording', 'stop-recording']) });

/** "Recording started" / "recording stopped" as the advisor declares it, checked and logged by the data layer. */
export async function recordingAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADVISOR']);
  const parsed = ZRecordingInput.safeParse({ consultationId: formData.get('consultationId'), action: formData.get('action') });
  if (!parsed.success) notFound();
  const result = await performCallAction(actor, parsed.data.consultationId, parsed.data.action);
  if (result.kind === 'not-found') notFound();
  const page = `/advisor/consultations/${parsed.data.consultationId}`;
  redirect(result.kind === 'done' ? `${page}?done=${result.action}` : `${page}?denied=${result.reason}#recording-heading`);
}

/** The advisor cancels one of their consultations. */
export async function cancelAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADVISOR']);
  const parsed = z.uuid().safeParse(formData.get('consultationId'));
  if (!parsed.success) notFound();
  const result = await cancelConsultation(actor, parsed.data);
  if (result.kind === 'not-found') notFound();
  redirect(`/advisor/consultations/${parsed.data}?done=cancelled`);
}

/** Hands the consultation to a colleague; the advisor no longer sees it afterwards. */
export async function handOverAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADVISOR']);
  const parsed = z
    .object({ consultationId: z.uuid(), colleagueId: z.string().max(40) })
    .safeParse({ consultationId: formData.get('consultationId'), colleagueId: formData.get('colleagueId') });
  if (!parsed.success) notFound();
  const result = await handOverConsultation(actor, parsed.data.consultationId, parsed.data.colleagueId);
  if (result.kind === 'not-found') notFound();
  if (result.kind === 'invalid' || result.kind === 'recording') {
    redirect(
      `/advisor/consultations/${parsed.data.consultationId}?denied=${result.kind === 'recording' ? 'hand-over-recording' : 'hand-over'}`,
    );
  }
  redirect('/advisor?handedOver=1');
}

/** "The video call has ended", as the advisor declares it (a service the gateway cannot end itself), logged by the data layer. */
export async function callEndedAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADVISOR']);
  const parsed = z.uuid().safeParse(formData.get('consultationId'));
  if (!parsed.success) notFound();
  const result = await confirmCallEnded(actor, parsed.data);
  if (result.kind === 'not-found') notFound();
  // A call no longer running (confirmed twice, or from a second tab) has nothing to confirm: the page shows its state.
  redirect(`/advisor/consultations/${parsed.data}${result.kind === 'confirmed' ? '?done=call-ended' : ''}#call-heading`);
}
