'use server';

import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { TActivateCredentialState } from '@/components/activate-credential-form';
import type { TFieldError } from '@/components/error-summary';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import {
  ZPrintCredentialId,
  ZPrintCredentialLabel,
  activatePrintCredential,
  createPrintCredential,
  revokePrintCredential,
} from '@/server/admin/manage-print-credentials';
import { formDataArgument, formText as text } from '@/server/request/form-data-argument';

export type TCreatePrintCredentialState = {
  errors: TFieldError[];
  label: string;
  /** The token's first part, in this one answer only: only its hash is stored. */
  created: { label: string; firstPart: string } | null;
};

/** The token's second part, in this one answer only: only its hash is stored. */
export type TActivatePrintCredentialState = TActivateCredentialState<'own' | 'already-active'>;

/** A credential for the print system (docs/decisions/0042); the first part of its token is shown once, here. */
export async function createPrintCredentialAction(
  _previous: TCreatePrintCredentialState,
  untrustedForm: unknown,
): Promise<TCreatePrintCredentialState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const t = await getTranslations('printCredentials.errors');
  const label = text(formData, 'label');
  const parsed = ZPrintCredentialLabel.safeParse({ label });
  if (!parsed.success)
    return {
      label,
      created: null,
      errors: parsed.error.issues.map((issue) => ({ field: 'label', message: t(issue.message as 'labelRequired') })),
    };
  const result = await createPrintCredential(await db(), actor, parsed.data.label);
  if (!result.ok) notFound();
  return { label: '', errors: [], created: { label: parsed.data.label, firstPart: result.firstPart } };
}

/** A second administrator activates a credential (four eyes) and is shown its second part once; its maker cannot. */
export async function activatePrintCredentialAction(
  _previous: TActivatePrintCredentialState,
  untrustedForm: unknown,
): Promise<TActivatePrintCredentialState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const parsed = ZPrintCredentialId.safeParse({ credentialId: text(formData, 'credentialId') });
  if (!parsed.success) notFound();
  const result = await activatePrintCredential(await db(), actor, parsed.data.credentialId);
  if (result.ok) return { secondPart: result.secondPart, error: null };
  if (result.reason === 'not-found') notFound();
  return { secondPart: null, error: result.reason };
}

/** Revokes a credential: the print system's next request with it is refused. */
export async function revokePrintCredentialAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const parsed = ZPrintCredentialId.safeParse({ credentialId: text(formData, 'credentialId') });
  if (!parsed.success) notFound();
  const result = await revokePrintCredential(await db(), actor, parsed.data.credentialId);
  if (!result.ok) notFound();
  redirect(`/admin/print-credentials?revoked=1${result.lettersFailed > 0 ? `&failed=${result.lettersFailed}` : ''}`);
}
