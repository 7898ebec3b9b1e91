'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import { OneTimeCodeInput } from '@/components/one-time-code-input';
import { type TCodeState, verifyCodeAction } from './actions';

type TLabels = {
  code: string;
  codeHint: string;
  codeSubmit: string;
  recoverySummary: string;
  recoveryCode: string;
  recoveryHint: string;
  recoverySubmit: string;
  errorTitle: string;
};

/** Two small forms on one action: the app's code first; a recovery code behind a disclosure (works without JavaScript). */
export function CodeForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState<TCodeState, FormData>(verifyCodeAction, { errors: [] });
  const codeError = state.errors.find((e) => e.field === 'code')?.message;
  const recoveryError = state.errors.find((e) => e.field === 'recoveryCode')?.message;
  return (
    <>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <form action={action} noValidate>
        <FormField name="code" label={labels.code} hint={labels.codeHint} error={codeError}>
          {(describedBy, invalid) => <OneTimeCodeInput describedBy={describedBy} invalid={invalid} autoFocus />}
        </FormField>
        <button type="submit" className="button" disabled={pending}>
          {labels.codeSubmit}
        </button>
      </form>
      <details className="spaced" open={recoveryError ? true : undefined}>
        <summary>{labels.recoverySummary}</summary>
        <form action={action} noValidate>
          <FormField name="recoveryCode" label={labels.recoveryCode} hint={labels.recoveryHint} error={recoveryError}>
            {(describedBy, invalid) => (
              <input
                id="recoveryCode"
                name="recoveryCode"
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={40}
                required
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy}
              />
            )}
          </FormField>
          <button type="submit" className="button button--secondary" disabled={pending}>
            {labels.recoverySubmit}
          </button>
        </form>
      </details>
    </>
  );
}
