'use server';

import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';
import { requireActor } from '@/server/auth/current-actor';
import { approveServiceProposal, rejectServiceProposal, withdrawServiceProposal } from '@/server/video-service/decide-service-proposal';
import { proposeService } from '@/server/video-service/propose-service';
import type { TServiceFieldError, TServiceProposalForm } from '@/server/video-service/service-proposal-input';
import { SETTING_FIELDS } from '@/server/video-service/service-settings';
import { type TReviewState, reviewProblem, textOf } from '../review-state';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TServiceFormState = { errors: TFieldError[]; values: Record<string, string> };

async function translated(errors: TServiceFieldError[]): Promise<TFieldError[]> {
  const t = await getTranslations('services');
  return errors.map(({ field, problem }) => ({ field, message: problem ? t(`problems.${problem}`) : t(`errors.${field}`) }));
}

function formValues(formData: FormData): TServiceProposalForm {
  return Object.fromEntries(SETTING_FIELDS.map((field) => [field, textOf(formData, field)])) as TServiceProposalForm;
}

/** Proposes a new service (no serviceId) or a change to one; a second officer decides. */
export async function proposeServiceAction(_previous: TServiceFormState, untrustedForm: unknown): Promise<TServiceFormState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const serviceId = textOf(formData, 'serviceId') || null;
  const values = formValues(formData);
  const result = await proposeService(actor, serviceId, values);
  if (result.kind === 'not-found') notFound();
  if (result.kind === 'proposed') redirect(`/compliance/services/proposals/${result.proposalId}?done=proposed`);
  const t = await getTranslations('services');
  const errors = result.kind === 'invalid' ? await translated(result.errors) : [{ field: '', message: t(`problems.${result.kind}`) }];
  return { errors, values };
}

/** The proposer takes their proposal back. */
export async function withdrawProposalAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const proposalId = textOf(formData, 'proposalId');
  const result = await withdrawServiceProposal(actor, proposalId);
  if (result.kind === 'not-found') notFound();
  redirect(`/compliance/services/proposals/${proposalId}?done=withdrawn`);
}

/** A second officer approves (applies) or rejects with a note. */
export async function reviewProposalAction(_previous: TReviewState, untrustedForm: unknown): Promise<TReviewState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const proposalId = textOf(formData, 'proposalId');
  const note = textOf(formData, 'note');
  const decision = textOf(formData, 'decision');
  if (decision !== 'approve' && decision !== 'reject') notFound();
  const result =
    decision === 'approve' ? await approveServiceProposal(actor, proposalId) : await rejectServiceProposal(actor, proposalId, { note });
  if (result.kind === 'not-found') notFound();
  if (result.kind === 'applied' || result.kind === 'rejected') redirect(`/compliance/services/proposals/${proposalId}?done=${result.kind}`);
  return reviewProblem(result.kind, note);
}
