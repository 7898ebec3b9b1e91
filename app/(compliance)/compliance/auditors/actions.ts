'use server';

import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { TActivateCredentialState } from '@/components/activate-credential-form';
import type { TFieldError } from '@/components/error-summary';
import { requireActor } from '@/server/auth/current-actor';
import {
  ZAuditorCredentialId,
  ZAuditorCredentialInput,
  activateAuditorCredential,
  createAuditorCredential,
  revokeAuditorCredential,
} from '@/server/compliance/auditors/auditor-credentials';
import { db } from '@/server/db/client';
import { formDataArgument, formText as text } from '@/server/request/form-data-argument';
import { AUDITOR_FIELDS, type TAuditorField, type TAuditorFormValues } from './auditor-fields';

export type TCreateAuditorCredentialState = {
  errors: TFieldError[];
  /** What was entered, so a refused form keeps it. */
  values: TAuditorFormValues;
  /** The token's first part, in this one answer only: only its hash is stored. */
  created: { label: string; firstPart: string } | null;
};

/** The token's second part, in this one answer only: only its hash is stored. */
export type TActivateAuditorCredentialState = TActivateCredentialState<'own' | 'already-active' | 'expired'>;

const EMPTY: TAuditorFormValues = { label: '', entriesFrom: '', entriesUntil: '', validUntil: '' };

/**
 * A credential for an outside auditor; the first part of its token is shown once, here. Every field's
 * problem at once, translated, the first per field (an unreadable date is not also "reversed").
 */
export async function createAuditorCredentialAction(
  _previous: TCreateAuditorCredentialState,
  untrustedForm: unknown,
): Promise<TCreateAuditorCredentialState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const t = await getTranslations('auditors');
  const values = Object.fromEntries(AUDITOR_FIELDS.map((f) => [f, text(formData, f)])) as TAuditorFormValues;
  const message = (field: TAuditorField, key: string) =>
    t(`errors.${key}` as 'errors.dateInvalid', { field: t(`field_${field}` as 'field_label') });
  const parsed = ZAuditorCredentialInput.safeParse(values);
  if (!parsed.success) {
    const errors: TFieldError[] = [];
    for (const issue of parsed.error.issues) {
      const field = AUDITOR_FIELDS.find((f) => f === issue.path[0]) ?? 'label';
      if (!errors.some((e) => e.field === field)) errors.push({ field, message: message(field, issue.message) });
    }
    // In the form's order, as the summary lists them.
    errors.sort((a, b) => AUDITOR_FIELDS.indexOf(a.field as TAuditorField) - AUDITOR_FIELDS.indexOf(b.field as TAuditorField));
    return { values, created: null, errors };
  }
  const result = await createAuditorCredential(await db(), actor, parsed.data);
  if (result.ok) return { values: EMPTY, errors: [], created: { label: parsed.data.label, firstPart: result.firstPart } };
  if (result.reason === 'not-found') notFound();
  return { values, created: null, errors: [{ field: result.field, message: message(result.field, result.message) }] };
}

/** A second officer activates a credential (four eyes) and is shown its second part once; its maker cannot. */
export async function activateAuditorCredentialAction(
  _previous: TActivateAuditorCredentialState,
  untrustedForm: unknown,
): Promise<TActivateAuditorCredentialState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const parsed = ZAuditorCredentialId.safeParse({ credentialId: text(formData, 'credentialId') });
  if (!parsed.success) notFound();
  const result = await activateAuditorCredential(await db(), actor, parsed.data.credentialId);
  if (result.ok) return { secondPart: result.secondPart, error: null };
  if (result.reason === 'not-found') notFound();
  return { secondPart: null, error: result.reason };
}

/** Revokes a credential: the auditor's next request with it is refused. */
export async function revokeAuditorCredentialAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['COMPLIANCE']);
  const parsed = ZAuditorCredentialId.safeParse({ credentialId: text(formData, 'credentialId') });
  if (!parsed.success) notFound();
  const result = await revokeAuditorCredential(await db(), actor, parsed.data.credentialId);
  if (!result.ok) notFound();
  redirect('/compliance/auditors?revoked=1');
}
