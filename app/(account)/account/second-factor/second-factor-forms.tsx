'use client';

import { type ReactNode, useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import { OneTimeCodeInput } from '@/components/one-time-code-input';
import { type TSecondFactorState, confirmSetupAction, regenerateRecoveryCodesAction } from './actions';

type TLabels = {
  code: string;
  codeHint: string;
  submit: string;
  errorTitle: string;
  codesTitle: string;
  codesWarning: string;
  codesListLabel: string;
  codesContinue: string;
};

/**
 * Setup (mode "setup") or new recovery codes (mode "manage"), and the codes once either succeeds
 * (`children` before the form, `after` behind it, both replaced by the codes). One
 * component in one place for both, so that without JavaScript the answer to either form finds its
 * state again when the page is rendered anew (by then in the other mode).
 */
export function SecondFactorForms({
  mode,
  labels,
  children,
  after,
}: {
  mode: 'setup' | 'manage';
  labels: TLabels;
  children?: ReactNode;
  after?: ReactNode;
}) {
  const [setupState, setupAction, setupPending] = useActionState<TSecondFactorState, FormData>(confirmSetupAction, { errors: [] });
  const [renewState, renewAction, renewPending] = useActionState<TSecondFactorState, FormData>(regenerateRecoveryCodesAction, {
    errors: [],
  });
  const codes = setupState.recoveryCodes ?? renewState.recoveryCodes;
  if (codes) {
    return (
      <section aria-labelledby="recovery-codes-title" className="recovery-codes">
        <h2 id="recovery-codes-title">{labels.codesTitle}</h2>
        <p className="notice notice--warn" role="status">
          {labels.codesWarning}
        </p>
        <ol className="recovery-codes__list" aria-label={labels.codesListLabel}>
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <p>
          <a className="button" href="/">
            {labels.codesContinue}
          </a>
        </p>
      </section>
    );
  }
  const state = mode === 'setup' ? setupState : renewState;
  const error = state.errors.find((e) => e.field === 'code')?.message;
  return (
    <>
      {children}
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <form action={mode === 'setup' ? setupAction : renewAction} noValidate>
        <FormField name="code" label={labels.code} hint={labels.codeHint} error={error}>
          {(describedBy, invalid) => <OneTimeCodeInput describedBy={describedBy} invalid={invalid} />}
        </FormField>
        <button type="submit" className="button" disabled={mode === 'setup' ? setupPending : renewPending}>
          {labels.submit}
        </button>
      </form>
      {after}
    </>
  );
}
