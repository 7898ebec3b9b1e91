'use server';

import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import type { TFieldError } from '@/components/error-summary';
import { requireActor } from '@/server/auth/current-actor';
import { type TCodeResult, confirmEnrolment, postponeSetup, regenerateRecoveryCodes } from '@/server/auth/second-factor/enrolment';
import { SECOND_FACTOR_KINDS } from '@/server/auth/second-factor/policy';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TSecondFactorState = { errors: TFieldError[]; recoveryCodes?: string[] };

const ZCodeForm = z.object({ code: z.string().trim().min(1, 'codeRequired').max(20, 'wrongCode') });

async function withCode(formData: FormData, run: (code: string) => Promise<TCodeResult>): Promise<TSecondFactorState> {
  const t = await getTranslations('secondFactor.errors');
  const parsed = ZCodeForm.safeParse({ code: formData.get('code') ?? '' });
  if (!parsed.success)
    return { errors: parsed.error.issues.map((issue) => ({ field: 'code', message: t(issue.message as 'codeRequired' | 'wrongCode') })) };
  const result = await run(parsed.data.code);
  return result.ok ? { errors: [], recoveryCodes: result.recoveryCodes } : { errors: [{ field: 'code', message: t(result.error) }] };
}

/** Setup's last step: the first code from the app. Open to a session restricted to setup. */
export async function confirmSetupAction(_previous: TSecondFactorState, untrustedForm: unknown): Promise<TSecondFactorState> {
  const actor = await requireActor(SECOND_FACTOR_KINDS, { allowSecondFactorSetup: true });
  return withCode(formDataArgument(untrustedForm), (code) => confirmEnrolment(actor, code));
}

export async function regenerateRecoveryCodesAction(_previous: TSecondFactorState, untrustedForm: unknown): Promise<TSecondFactorState> {
  const actor = await requireActor(SECOND_FACTOR_KINDS);
  return withCode(formDataArgument(untrustedForm), (code) => regenerateRecoveryCodes(actor, code));
}

/** "Later": allowed to advisors within their grace period only (the DAL decides); otherwise back to setup. */
export async function postponeSetupAction(): Promise<void> {
  const actor = await requireActor(SECOND_FACTOR_KINDS, { allowSecondFactorSetup: true });
  redirect((await postponeSetup(actor)) ? '/' : '/account/second-factor');
}
