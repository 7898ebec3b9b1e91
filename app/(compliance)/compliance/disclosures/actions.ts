'use server';

import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';
import { requireActor } from '@/server/auth/current-actor';
import { approvePublication, rejectPublication } from '@/server/disclosure/decide-publication';
import { type TDraftField, ZDisclosureDraftEdit, ZDisclosureDraftInput, invalidDraftFields } from '@/server/disclosure/draft-input';
import { requestPublication, withdrawPublicationRequest } from '@/server/disclosure/request-publication';
import { createDisclosureDraft, updateDisclosureDraft } from '@/server/disclosure/save-draft';
import { type TReviewState, reviewProblem, textOf } from '../review-state';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TDraftFormState = { errors: TFieldError[]; values: Record<string, string> };

async function fieldErrors(fields: TDraftField[]): Promise<TFieldError[]> {
  const t = await getTranslations('disclosures.errors');
  return fields.map((field) => ({ field, message: t(field) }));
}

/** Starts a draft; on success the officer lands on its preview. */
export async function createDraftAction(_previous: TDraftFormState, untrustedForm: unknown): Promise<TDraftFormState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const values = {
    videoServiceId: textOf(formData, 'videoServiceId'),
    language: textOf(formData, 'language'),
    title: textOf(formData, 'title'),
    body: textOf(formData, 'body'),
  };
  const parsed = ZDisclosureDraftInput.safeParse(values);
  if (!parsed.success) return { errors: await fieldErrors(invalidDraftFields(parsed.error)), values };
  const result = await createDisclosureDraft(actor, parsed.data);
  if (result.kind === 'not-allowed') notFound();
  if (result.kind === 'invalid') return { errors: await fieldErrors(result.fields), values };
  redirect(`/compliance/disclosures/${result.draftId}?done=created`);
}

/** Saves the author's changes to their draft. */
export async function updateDraftAction(_previous: TDraftFormState, untrustedForm: unknown): Promise<TDraftFormState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const draftId = textOf(formData, 'draftId');
  const values = { title: textOf(formData, 'title'), body: textOf(formData, 'body') };
  const parsed = ZDisclosureDraftEdit.safeParse(values);
  if (!parsed.success) return { errors: await fieldErrors(invalidDraftFields(parsed.error)), values };
  const result = await updateDisclosureDraft(actor, draftId, parsed.data);
  if (result.kind === 'not-found') notFound();
  if (result.kind === 'invalid') return { errors: await fieldErrors(result.fields), values };
  if (result.kind === 'frozen') return { errors: [{ field: '', message: (await getTranslations('disclosures'))('frozen') }], values };
  redirect(`/compliance/disclosures/${draftId}?done=saved`);
}

/** The author asks a second officer to publish the draft. */
export async function requestPublicationAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const draftId = textOf(formData, 'draftId');
  const result = await requestPublication(actor, draftId);
  if (result.kind === 'not-found') notFound();
  redirect(`/compliance/disclosures/${draftId}?${result.kind === 'requested' ? 'done=requested' : `problem=${result.kind}`}`);
}

/** The author takes the request back; the draft is editable again. */
export async function withdrawRequestAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const draftId = textOf(formData, 'draftId');
  const result = await withdrawPublicationRequest(actor, textOf(formData, 'requestId'));
  if (result.kind === 'not-found') notFound();
  redirect(`/compliance/disclosures/${draftId}?done=withdrawn`);
}

/** A second officer approves (publishes) or rejects with a note. */
export async function reviewPublicationAction(_previous: TReviewState, untrustedForm: unknown): Promise<TReviewState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const draftId = textOf(formData, 'draftId');
  const requestId = textOf(formData, 'requestId');
  const note = textOf(formData, 'note');
  const decision = textOf(formData, 'decision');
  if (decision !== 'approve' && decision !== 'reject') notFound();
  const result = decision === 'approve' ? await approvePublication(actor, requestId) : await rejectPublication(actor, requestId, { note });
  if (result.kind === 'not-found') notFound();
  if (result.kind === 'published' || result.kind === 'rejected') redirect(`/compliance/disclosures/${draftId}?done=${result.kind}`);
  return reviewProblem(result.kind, note);
}
