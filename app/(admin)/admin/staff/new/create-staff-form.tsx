'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { ChoiceField, FormField } from '@/components/form-field';
import { ShownOnceNotice } from '@/components/shown-once-notice';
import { type TCreateStaffState, createStaffAction } from '../../actions';

type TLabels = {
  name: string;
  login: string;
  loginHint: string;
  role: string;
  submit: string;
  errorTitle: string;
  created: string;
  createdPassword: string;
  createdHint: string;
  backToList: string;
};

const INITIAL: TCreateStaffState = { errors: [], values: { kind: '', login: '', name: '' }, created: null };

/**
 * A joiner's account. The initial password is shown once, in the answer to this form (with or without
 * JavaScript), and nowhere else.
 */
export function CreateStaffForm({ roles, labels }: { roles: { value: string; label: string }[]; labels: TLabels }) {
  const [state, action, pending] = useActionState(createStaffAction, INITIAL);
  const error = (field: string) => state.errors.find((e) => e.field === field)?.message;
  if (state.created) {
    return (
      <ShownOnceNotice
        intro={
          <>
            <p>{labels.created.replace('{login}', state.created.login)}</p>
            <p>{labels.createdPassword.replace('{date}', state.created.validUntil)}</p>
          </>
        }
        secret={state.created.initialPassword}
        testId="initial-password"
        hint={labels.createdHint}
        back={{ href: '/admin', label: labels.backToList }}
      />
    );
  }
  return (
    <form action={action} className="card" noValidate>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <FormField name="name" label={labels.name} error={error('name')}>
        {(describedBy, invalid) => (
          <input
            id="name"
            name="name"
            autoComplete="off"
            maxLength={120}
            defaultValue={state.values.name}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <FormField name="login" label={labels.login} hint={labels.loginHint} error={error('login')}>
        {(describedBy, invalid) => (
          <input
            id="login"
            name="login"
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
            defaultValue={state.values.login}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <ChoiceField name="kind" legend={labels.role} error={error('kind')} options={roles} value={state.values.kind || undefined} />
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
