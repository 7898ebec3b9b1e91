'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthError, CredentialsSignin } from 'next-auth';
import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';
import { signIn } from '@/server/auth/auth';
import { ZSecondFactorInput, pendingSignIn } from '@/server/auth/second-factor/complete-sign-in';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';
import { rememberDeviceOfNewSession } from '@/server/auth/trusted-device';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TCodeState = { errors: TFieldError[] };

/** The code step: one of the two fields (app code or recovery code), checked by the "second-factor" provider. */
export async function verifyCodeAction(_previous: TCodeState, untrustedForm: unknown): Promise<TCodeState> {
  const formData = formDataArgument(untrustedForm);
  const t = await getTranslations('secondFactor.errors');
  const pending = await pendingSignIn(await sessionIdFromCookies(await cookies()));
  if (!pending) redirect('/login?codeExpired=1');
  const parsed = ZSecondFactorInput.safeParse({
    code: formData.get('code') ?? undefined,
    recoveryCode: formData.get('recoveryCode') ?? undefined,
  });
  const field = formData.has('recoveryCode') ? 'recoveryCode' : 'code';
  if (!parsed.success) return { errors: [{ field, message: t(field === 'code' ? 'wrongCode' : 'wrongRecoveryCode') }] };
  if (!parsed.data[field].trim()) return { errors: [{ field, message: t(field === 'code' ? 'codeRequired' : 'recoveryRequired') }] };
  try {
    // No redirect from inside signIn: success returns, so nothing below runs for an error (0047).
    await signIn('second-factor', { [field]: parsed.data[field], redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === 'throttled') return { errors: [{ field, message: t('throttled') }] };
    if (error instanceof AuthError) return { errors: [{ field, message: t(field === 'code' ? 'wrongCode' : 'wrongRecoveryCode') }] };
    throw error;
  }
  // The sign-in is complete: only now is this device one the name signed in on.
  if (!(await rememberDeviceOfNewSession()))
    return { errors: [{ field, message: t(field === 'code' ? 'wrongCode' : 'wrongRecoveryCode') }] };
  redirect('/');
}
