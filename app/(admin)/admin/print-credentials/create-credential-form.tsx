'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import { ShownOnceNotice } from '@/components/shown-once-notice';
import { type TCreatePrintCredentialState, createPrintCredentialAction } from './actions';

type TLabels = {
  label: string;
  labelHint: string;
  submit: string;
  errorTitle: string;
  created: string;
  createdHint: string;
  backToList: string;
};

const INITIAL: TCreatePrintCredentialState = { errors: [], label: '', created: null };

/** A new print credential; the first part of its token is shown once, in the answer to this form (with or without JavaScript). */
export function CreateCredentialForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState(createPrintCredentialAction, INITIAL);
  const error = state.errors.find((e) => e.field === 'label')?.message;
  if (state.created) {
    return (
      <ShownOnceNotice
        intro={<p>{labels.created.replace('{label}', state.created.label)}</p>}
        secret={state.created.firstPart}
        testId="print-token"
        hint={labels.createdHint}
        back={{ href: '/admin/print-credentials', label: labels.backToList }}
      />
    );
  }
  return (
    <form action={action} className="card" noValidate>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <FormField name="label" label={labels.label} hint={labels.labelHint} error={error}>
        {(describedBy, invalid) => (
          <input
            id="label"
            name="label"
            type="text"
            autoComplete="off"
            maxLength={80}
            defaultValue={state.label}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
