'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import { type TCreatePrintCredentialState, createPrintCredentialAction } from './actions';

type TLabels = { label: string; labelHint: string; submit: string; errorTitle: string; created: string; createdHint: string; backToList: string };

const INITIAL: TCreatePrintCredentialState = { errors: [], label: '', created: null };

/** A new print credential; its token is shown once, in the answer to this form (with or without JavaScript). */
export function CreateCredentialForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState(createPrintCredentialAction, INITIAL);
  const error = state.errors.find((e) => e.field === 'label')?.message;
  if (state.created) {
    return (
      <div className="notice notice--ok" role="status">
        <p>{labels.created.replace('{label}', state.created.label)}</p>
        <p>
          <code data-testid="print-token">{state.created.token}</code>
        </p>
        <p>{labels.createdHint}</p>
        <p>
          <a href="/admin/print-credentials">{labels.backToList}</a>
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="card" noValidate>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <FormField name="label" label={labels.label} hint={labels.labelHint} error={error}>
        {(describedBy, invalid) => <input id="label" name="label" autoComplete="off" maxLength={80} defaultValue={state.label} aria-describedby={describedBy} aria-invalid={invalid || undefined} />}
      </FormField>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
