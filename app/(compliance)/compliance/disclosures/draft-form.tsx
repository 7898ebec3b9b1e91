'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { FormField } from '@/components/form-field';
import type { TDraftFormState } from './actions';

export type TDraftLabels = {
  service: string;
  language: string;
  title: string;
  titleHint: string;
  body: string;
  bodyHint: string;
  submit: string;
  errorTitle: string;
};

type TProps = {
  action: (previous: TDraftFormState, formData: FormData) => Promise<TDraftFormState>;
  labels: TDraftLabels;
  /** New drafts choose service and language; an edit keeps them (and names its draft). */
  choices?: { services: { id: string; name: string }[]; languages: { value: string; label: string }[] };
  draftId?: string;
  initial: Record<string, string>;
  limits: { title: number; body: number };
};

/** A disclosure draft's text, to start one or change one. Works without JavaScript. */
export function DraftForm({ action: serverAction, labels, choices, draftId, initial, limits }: TProps) {
  const [state, action, pending] = useActionState<TDraftFormState, FormData>(serverAction, { errors: [], values: initial });
  const errorFor = (field: string) => state.errors.find((e) => e.field === field)?.message;
  return (
    <form action={action} noValidate className="card">
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      {draftId ? <input type="hidden" name="draftId" value={draftId} /> : null}
      {choices ? (
        <>
          <FormField name="videoServiceId" label={labels.service} error={errorFor('videoServiceId')}>
            {(d, invalid) => (
              <select
                id="videoServiceId"
                name="videoServiceId"
                className="select"
                defaultValue={state.values.videoServiceId}
                aria-describedby={d}
                aria-invalid={invalid || undefined}
              >
                {choices.services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField name="language" label={labels.language} error={errorFor('language')}>
            {(d, invalid) => (
              <select
                id="language"
                name="language"
                className="select"
                defaultValue={state.values.language}
                aria-describedby={d}
                aria-invalid={invalid || undefined}
              >
                {choices.languages.map((l) => (
                  <option key={l.value} value={l.value}>
                    {l.label}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </>
      ) : null}
      <FormField name="title" label={labels.title} hint={labels.titleHint} error={errorFor('title')}>
        {(d, invalid) => (
          <input
            id="title"
            name="title"
            type="text"
            className="wide"
            required
            maxLength={limits.title}
            defaultValue={state.values.title}
            aria-describedby={d}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <FormField name="body" label={labels.body} hint={labels.bodyHint} error={errorFor('body')}>
        {(d, invalid) => (
          <textarea
            id="body"
            name="body"
            rows={18}
            required
            maxLength={limits.body}
            defaultValue={state.values.body}
            aria-describedby={d}
            aria-invalid={invalid || undefined}
          />
        )}
      </FormField>
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
