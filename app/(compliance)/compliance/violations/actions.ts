'use server';

import { notFound, redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/server/auth/current-actor';
import { ZClosingNote, closeCase, startInvestigation } from '@/server/compliance/violations/case-actions';
import { db } from '@/server/db/client';
import { formDataArgument } from '@/server/request/form-data-argument';

const ZCaseId = z.uuid();

export type TCloseState = { error: 'too-short' | 'too-long' | 'wrong-state' | null; note: string };

export async function startInvestigationAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const id = ZCaseId.safeParse(formData.get('caseId'));
  if (!id.success) notFound();
  const done = await startInvestigation(await db(), actor, id.data);
  if (done === 'not-found') notFound();
  redirect(`/compliance/violations/${id.data}?${done === 'done' ? 'taken=1' : 'stale=1'}`);
}

/** Closing needs a note: without one the form answers with the message and keeps what was typed. */
export async function closeCaseAction(_previous: TCloseState, untrustedForm: unknown): Promise<TCloseState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const id = ZCaseId.safeParse(formData.get('caseId'));
  if (!id.success) notFound();
  const raw = formData.get('note');
  const note = typeof raw === 'string' ? raw : '';
  const parsed = ZClosingNote.safeParse(note);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message === 'too-long' ? 'too-long' : 'too-short', note };
  const done = await closeCase(await db(), actor, id.data, parsed.data);
  if (done === 'not-found') notFound();
  if (done === 'wrong-state') return { error: 'wrong-state', note };
  redirect(`/compliance/violations/${id.data}?closed=1`);
}
