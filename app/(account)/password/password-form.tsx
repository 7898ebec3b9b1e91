'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { type TPasswordState, changePasswordAction } from './actions';

type TLabels = { current: string; new: string; newHint: string; confirm: string; submit: string; errorTitle: string };

const FIELDS = [
  { name: 'currentPassword', label: 'current', autoComplete: 'current-password' },
  { name: 'newPassword', label: 'new', autoComplete: 'new-password', hint: 'newHint' },
  { name: 'confirmPassword', label: 'confirm', autoComplete: 'new-password' },
] as const;

export function PasswordForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState<TPasswordState, FormData>(changePasswordAction, { errors: [] });
  return (
    <form action={action} noValidate>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      {FIELDS.map((field) => {
        const error = state.errors.find((e) => e.field === field.name)?.message;
        const hintId = 'hint' in field ? `${field.name}-hint` : null;
        const describedBy = [hintId, error ? `${field.name}-error` : null].filter(Boolean).join(' ') || undefined;
        return (
          <div className="field" key={field.name}>
            <label htmlFor={field.name}>{labels[field.label]}</label>
            {hintId ? (
              <span className="hint" id={hintId}>
                {labels.newHint}
              </span>
            ) : null}
            {error ? (
              <span className="error-text" id={`${field.name}-error`}>
                {error}
              </span>
            ) : null}
            <input
              id={field.name}
              name={field.name}
              type="password"
              autoComplete={field.autoComplete}
              required
              maxLength={200}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
          </div>
        );
      })}
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
