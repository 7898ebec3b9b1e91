'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { type TCloseState, closeCaseAction } from '../actions';

type TLabels = {
  note: string;
  hint: string;
  submit: string;
  errorTitle: string;
  errors: Record<'too-short' | 'too-long' | 'wrong-state', string>;
};

/** The finding that closes a case; works without JavaScript (the server answers with the message). */
export function CloseCaseForm({ caseId, labels }: { caseId: string; labels: TLabels }) {
  const [state, action, pending] = useActionState<TCloseState, FormData>(closeCaseAction, { error: null, note: '' });
  const message = state.error ? labels.errors[state.error] : null;
  return (
    <form action={action} className="card">
      <ErrorSummary title={labels.errorTitle} errors={message ? [{ field: state.error === 'wrong-state' ? '' : 'note', message }] : []} />
      <input type="hidden" name="caseId" value={caseId} />
      <div className="field">
        <label htmlFor="note">{labels.note}</label>
        <span className="hint" id="note-hint">
          {labels.hint}
        </span>
        {message && state.error !== 'wrong-state' ? (
          <span className="error-text" id="note-error">
            {message}
          </span>
        ) : null}
        <textarea
          id="note"
          name="note"
          rows={5}
          maxLength={4000}
          defaultValue={state.note}
          aria-invalid={message && state.error !== 'wrong-state' ? true : undefined}
          aria-describedby={message && state.error !== 'wrong-state' ? 'note-hint note-error' : 'note-hint'}
        />
      </div>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {labels.submit}
        </button>
      </div>
    </form>
  );
}
