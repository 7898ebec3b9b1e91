'use server';

import { redirect } from 'next/navigation';
import { AuthError } from 'next-auth';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import type { TFieldError } from '@/components/error-summary';
import { ThrottledSignin, signIn } from '@/server/auth/auth';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';
import { rememberDeviceOfNewSession } from '@/server/auth/trusted-device';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TLoginState = { errors: TFieldError[]; identifier: string };

const ZLoginForm = z.object({
  identifier: z.string().trim().min(1, 'identifierRequired').max(100, 'failed'),
  password: z.string().min(1, 'passwordRequired').max(200, 'failed'),
});

export async function loginAction(_previous: TLoginState, untrustedForm: unknown): Promise<TLoginState> {
  const formData = formDataArgument(untrustedForm);
  const t = await getTranslations('login');
  const raw = { identifier: formData.get('identifier'), password: formData.get('password') };
  const identifier = typeof raw.identifier === 'string' ? raw.identifier.slice(0, 100) : '';
  const parsed = ZLoginForm.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({
      field: String(issue.path[0] ?? ''),
      message: t(issue.message === 'identifierRequired' || issue.message === 'passwordRequired' ? issue.message : 'failed'),
    }));
    return { errors, identifier };
  }
  // A mistyped number is named as such: that tells nothing about which accounts exist.
  const identified = classifyLoginIdentifier(parsed.data.identifier);
  const kind = identified.kind;
  if (kind === 'invalid-insurance-number' || kind === 'invalid-company-number') {
    return {
      errors: [
        { field: 'identifier', message: t(kind === 'invalid-insurance-number' ? 'invalidInsuranceNumber' : 'invalidCompanyNumber') },
      ],
      identifier,
    };
  }
  try {
    // No redirect from inside signIn: success returns, so nothing below runs for an error (0047).
    await signIn('credentials', { identifier: parsed.data.identifier, password: parsed.data.password, redirect: false });
  } catch (error) {
    if (error instanceof ThrottledSignin)
      return {
        errors: [{ field: 'identifier', message: t('throttled', { minutes: Math.ceil(error.retryAfterSeconds / 60) }) }],
        identifier,
      };
    if (error instanceof AuthError) return { errors: [{ field: 'identifier', message: t('failed') }], identifier };
    throw error;
  }
  // Staff names wait for the code step (their device is remembered there, code/actions.ts). A member's
  // sign-in that returned without a session (an error Auth.js answered with its error page) failed.
  if (kind !== 'staff' && !(await rememberDeviceOfNewSession()))
    return { errors: [{ field: 'identifier', message: t('failed') }], identifier };
  redirect('/');
}
