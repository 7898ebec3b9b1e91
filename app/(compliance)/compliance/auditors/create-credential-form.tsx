'use client';

import { type ReactNode, useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import { ShownOnceNotice } from '@/components/shown-once-notice';
import { type TCreateAuditorCredentialState, createAuditorCredentialAction } from './actions';
import type { TAuditorField } from './auditor-fields';

type TLabels = {
  fields: Record<TAuditorField, { label: string; hint: string }>;
  submit: string;
  errorTitle: string;
  created: string;
  createdHint: string;
  backToList: string;
};

const INITIAL: TCreateAuditorCredentialState = {
  errors: [],
  values: { label: '', entriesFrom: '', entriesUntil: '', validUntil: '' },
  created: null,
};

/** A new auditor credential; the first part of its token is shown once, in the answer to this form (with or without JavaScript). */
export function CreateAuditorCredentialForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState(createAuditorCredentialAction, INITIAL);
  if (state.created) {
    return (
      <ShownOnceNotice
        intro={<p>{labels.created.replace('{label}', state.created.label)}</p>}
        secret={state.created.firstPart}
        testId="auditor-token"
        hint={labels.createdHint}
        back={{ href: '/compliance/auditors', label: labels.backToList }}
      />
    );
  }
  const errorOf = (field: TAuditorField) => state.errors.find((e) => e.field === field)?.message;
  const field = (name: TAuditorField, input: (describedBy: string | undefined, invalid: boolean) => ReactNode) => (
    <FormField name={name} label={labels.fields[name].label} hint={labels.fields[name].hint} error={errorOf(name)}>
      {input}
    </FormField>
  );
  const date = (name: TAuditorField) =>
    field(name, (describedBy, invalid) => (
      <input
        type="date"
        id={name}
        name={name}
        defaultValue={state.values[name]}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
      />
    ));
  return (
    <form action={action} className="card" noValidate>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      {field('label', (describedBy, invalid) => (
        <input
          type="text"
          id="label"
          name="label"
          autoComplete="off"
          maxLength={80}
          defaultValue={state.values.label}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      ))}
      <div className="filter-grid">
        {date('entriesFrom')}
        {date('entriesUntil')}
        {date('validUntil')}
      </div>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
