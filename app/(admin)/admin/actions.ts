'use server';

import { notFound, redirect } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import type { TFieldError } from '@/components/error-summary';
import { changeStaffRole } from '@/server/admin/change-staff-role';
import { createStaffAccount } from '@/server/admin/create-staff-account';
import { deactivateStaffAccount } from '@/server/admin/deactivate-staff-account';
import { ZAccountId, ZChangeRoleInput, ZCreateStaffInput, ZSignInName } from '@/server/admin/staff-input';
import { unlockSignIn } from '@/server/admin/unlock-sign-in';
import { requireActor } from '@/server/auth/current-actor';
import { resetSecondFactor } from '@/server/admin/reset-second-factor';
import { db } from '@/server/db/client';
import { formDataArgument, formText as text } from '@/server/request/form-data-argument';

export type TCreateStaffState = {
  errors: TFieldError[];
  values: { kind: string; login: string; name: string };
  /** The joiner's initial password, in this one answer only; `validUntil` already in the reader's language. */
  created: { login: string; initialPassword: string; validUntil: string } | null;
};

/** A joiner. The initial password comes back once in the action's answer and is never stored in clear. */
export async function createStaffAction(_previous: TCreateStaffState, untrustedForm: unknown): Promise<TCreateStaffState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const t = await getTranslations('admin.errors');
  const values = { kind: text(formData, 'kind'), login: text(formData, 'login'), name: text(formData, 'name') };
  const parsed = ZCreateStaffInput.safeParse(values);
  if (!parsed.success) {
    return {
      values,
      created: null,
      errors: parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ''), message: t(issue.message as 'loginFormat') })),
    };
  }
  const result = await createStaffAccount(await db(), actor, parsed.data);
  if (!result.ok) {
    if (result.reason === 'not-found') notFound();
    return { values, created: null, errors: [{ field: 'login', message: t('exists') }] };
  }
  return {
    values: { kind: '', login: '', name: '' },
    errors: [],
    created: {
      login: result.loginName,
      initialPassword: result.initialPassword,
      validUntil: formatWhen(result.expiresAt, await getLocale()),
    },
  };
}

const ROLE_ERRORS = {
  self: 'self',
  'last-admin': 'lastAdmin',
  unchanged: 'unchanged',
  deactivated: 'deactivated',
  already: 'already',
  'open-consultations': 'openConsultations',
} as const;

/** Role change, confirmed on the form by a checkbox: it ends the account's sessions. */
export async function changeRoleAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const parsed = ZChangeRoleInput.safeParse({ accountId: text(formData, 'accountId'), kind: text(formData, 'kind') });
  if (!parsed.success) {
    const id = ZAccountId.safeParse(text(formData, 'accountId'));
    if (!id.success) notFound();
    redirect(`/admin/staff/${id.data}?error=unchanged`);
  }
  if (text(formData, 'confirm') !== 'yes') redirect(`/admin/staff/${parsed.data.accountId}?error=confirmRequired`);
  const result = await changeStaffRole(await db(), actor, parsed.data);
  if (!result.ok) {
    if (result.reason === 'not-found') notFound();
    redirect(`/admin/staff/${parsed.data.accountId}?error=${ROLE_ERRORS[result.reason]}`);
  }
  redirect(`/admin/staff/${parsed.data.accountId}?roleChanged=${result.sessionsEnded}`);
}

/** A leaver, from the confirmation page. */
export async function deactivateAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const id = ZAccountId.safeParse(text(formData, 'accountId'));
  if (!id.success) notFound();
  const result = await deactivateStaffAccount(await db(), actor, id.data);
  if (!result.ok) {
    if (result.reason === 'not-found') notFound();
    redirect(`/admin/staff/${id.data}?error=${ROLE_ERRORS[result.reason]}`);
  }
  redirect(`/admin/staff/${id.data}?deactivated=${result.sessionsEnded}`);
}

/** Lifts the sign-in throttle of a name (staff or member); from the overview or an account's page. */
export async function unlockAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const back = ZAccountId.safeParse(text(formData, 'accountId'));
  const base = back.success ? `/admin/staff/${back.data}` : '/admin';
  const name = ZSignInName.safeParse(text(formData, 'login'));
  if (!name.success) redirect(`${base}?unlockError=loginRequired#unlock`);
  const result = await unlockSignIn(await db(), actor, name.data);
  if (!result.ok) redirect(`${base}?unlockError=notFound#unlock`);
  redirect(`${base}?unlocked=${result.cleared}`);
}

/** A lost phone and lost recovery codes: the next sign-in sets the second factor up again. Confirmed by a checkbox. */
export async function resetSecondFactorAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(['ADMIN']);
  const id = ZAccountId.safeParse(text(formData, 'accountId'));
  if (!id.success) notFound();
  if (text(formData, 'confirm') !== 'yes') redirect(`/admin/staff/${id.data}?error=resetConfirmRequired`);
  const result = await resetSecondFactor(actor, id.data);
  if (!result.ok) {
    if (result.reason === 'not-found') notFound();
    redirect(`/admin/staff/${id.data}?error=self`);
  }
  redirect(`/admin/staff/${id.data}?secondFactorReset=1`);
}
