'use server';

import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';
import { signIn } from '@/server/auth/auth';
import { CHANGE_PASSWORD_RETRY_MINUTES, PASSWORD_MIN_LENGTH, ZChangePasswordInput, changePassword } from '@/server/auth/change-password';
import { ALL_KINDS, requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TPasswordState = { errors: TFieldError[] };

export async function changePasswordAction(_previous: TPasswordState, untrustedForm: unknown): Promise<TPasswordState> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(ALL_KINDS, { allowInitialPassword: true });
  const t = await getTranslations('password.errors');
  const parsed = ZChangePasswordInput.safeParse({
    currentPassword: formData.get('currentPassword') ?? '',
    newPassword: formData.get('newPassword') ?? '',
    confirmPassword: formData.get('confirmPassword') ?? '',
  });
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? ''),
        message: t(issue.message as 'tooShort', { min: PASSWORD_MIN_LENGTH }),
      })),
    };
  }
  const result = await changePassword(actor, parsed.data);
  if (!result.ok) return { errors: [{ field: result.field, message: t(result.error, { minutes: CHANGE_PASSWORD_RETRY_MINUTES }) }] };

  // Every session of the account has ended; sign in afresh with the new password.
  const { loginName } = await (await db()).account.findUniqueOrThrow({ where: { id: actor.id }, select: { loginName: true } });
  await signIn('credentials', { identifier: loginName, password: parsed.data.newPassword, redirectTo: '/' });
  return { errors: [] };
}
