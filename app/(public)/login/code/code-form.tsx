'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
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
        <div className="field">
          <label htmlFor="code">{labels.code}</label>
          <span className="hint" id="code-hint">
            {labels.codeHint}
          </span>
          {codeError ? (
            <span className="error-text" id="code-error">
              {codeError}
            </span>
          ) : null}
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={10}
            required
            autoFocus
            className="input--code"
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? 'code-hint code-error' : 'code-hint'}
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {labels.codeSubmit}
        </button>
      </form>
      <details className="spaced" open={recoveryError ? true : undefined}>
        <summary>{labels.recoverySummary}</summary>
        <form action={action} noValidate>
          <div className="field">
            <label htmlFor="recoveryCode">{labels.recoveryCode}</label>
            <span className="hint" id="recoveryCode-hint">
              {labels.recoveryHint}
            </span>
            {recoveryError ? (
              <span className="error-text" id="recoveryCode-error">
                {recoveryError}
              </span>
            ) : null}
            <input
              id="recoveryCode"
              name="recoveryCode"
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={40}
              required
              aria-invalid={recoveryError ? true : undefined}
              aria-describedby={recoveryError ? 'recoveryCode-hint recoveryCode-error' : 'recoveryCode-hint'}
            />
          </div>
          <button type="submit" className="button button--secondary" disabled={pending}>
            {labels.recoverySubmit}
          </button>
        </form>
      </details>
    </>
  );
}
