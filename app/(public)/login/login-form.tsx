'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { type TLoginState, loginAction } from './actions';

type TLabels = { identifier: string; identifierHint: string; password: string; submit: string; errorTitle: string };

export function LoginForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState<TLoginState, FormData>(loginAction, { errors: [], identifier: '' });
  const errorFor = (field: string) => state.errors.find((e) => e.field === field)?.message;
  const identifierError = errorFor('identifier');
  const passwordError = errorFor('password');

  return (
    <form action={action} noValidate>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <div className="field">
        <label htmlFor="identifier">{labels.identifier}</label>
        <span className="hint" id="identifier-hint">
          {labels.identifierHint}
        </span>
        {identifierError ? (
          <span className="error-text" id="identifier-error">
            {identifierError}
          </span>
        ) : null}
        <input
          id="identifier"
          name="identifier"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={100}
          defaultValue={state.identifier}
          aria-invalid={identifierError ? true : undefined}
          aria-describedby={identifierError ? 'identifier-hint identifier-error' : 'identifier-hint'}
        />
      </div>
      <div className="field">
        <label htmlFor="password">{labels.password}</label>
        {passwordError ? (
          <span className="error-text" id="password-error">
            {passwordError}
          </span>
        ) : null}
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? 'password-error' : undefined}
        />
      </div>
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
