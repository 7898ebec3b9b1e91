'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import type { TReviewState } from './review-state';

export type TReviewLabels = {
  heading: string;
  intro: string;
  note: string;
  noteHint: string;
  approve: string;
  reject: string;
  errorTitle: string;
};

/**
 * The second officer's decision on a request or proposal: approve, or reject with a note. One form
 * for both buttons; works without JavaScript (the server answers with the problem and the note as typed).
 */
export function ReviewForm({
  action: serverAction,
  hidden,
  labels,
}: {
  action: (previous: TReviewState, formData: FormData) => Promise<TReviewState>;
  hidden: Record<string, string>;
  labels: TReviewLabels;
}) {
  const [state, action, pending] = useActionState<TReviewState, FormData>(serverAction, { errors: [], note: '' });
  const noteError = state.errors.find((e) => e.field === 'note')?.message;
  return (
    <section className="card" aria-labelledby="review-heading">
      <h2 id="review-heading">{labels.heading}</h2>
      <p>{labels.intro}</p>
      <form action={action} noValidate>
        <ErrorSummary title={labels.errorTitle} errors={state.errors} />
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <FormField name="note" label={labels.note} hint={labels.noteHint} error={noteError}>
          {(describedBy, invalid) => (
            <textarea
              id="note"
              name="note"
              rows={3}
              maxLength={2000}
              defaultValue={state.note}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
            />
          )}
        </FormField>
        <div className="button-row">
          <button type="submit" name="decision" value="approve" className="button" disabled={pending}>
            {labels.approve}
          </button>
          <button type="submit" name="decision" value="reject" className="button button--secondary" disabled={pending}>
            {labels.reject}
          </button>
        </div>
      </form>
    </section>
  );
}
