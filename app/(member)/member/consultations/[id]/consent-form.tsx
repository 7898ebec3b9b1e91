'use client';

import { type FormEvent, useState } from 'react';
import { ErrorSummary, type TFieldError } from '@/components/error-summary';

export type TConsentFormLabels = {
  heading: string;
  voluntary: string;
  withdrawHint: string;
  transmissionLegend: string;
  transmission: string;
  thirdCountry: string;
  recordingLegend: string;
  recording: string;
  recordingHint: string;
  recordingUnavailable: string;
  consent: string;
  refuse: string;
  refuseHint: string;
  phoneLabel: string;
  phoneHint: string;
  errorTitle: string;
};

type TProps = {
  consultationId: string;
  servedToken: string;
  thirdCountry: boolean;
  canRecord: boolean;
  /** False after a refusal: the page then asks only whether to consent after all, not to refuse again. */
  offerRefusal: boolean;
  labels: TConsentFormLabels;
  /** Errors the server redirected back with (a submission without JavaScript). */
  initialErrors: TFieldError[];
};

type TDecisionAnswer = { location?: string; errors?: TFieldError[] };

/**
 * Every choice is a separate, unticked box; declining is a button as prominent as consenting.
 * A plain form post to the decision route; with JavaScript it is sent in the background, so that on
 * an error the boxes stay as the member left them. Anything unexpected falls back to the plain post.
 */
export function ConsentForm({ consultationId, servedToken, thirdCountry, canRecord, offerRefusal, labels, initialErrors }: TProps) {
  const [errors, setErrors] = useState(initialErrors);
  const [pending, setPending] = useState(false);
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    // Which button was pressed is part of the decision; older browsers leave it out of FormData(form, submitter).
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const fields = new URLSearchParams(
      [...new FormData(form)].map(([name, value]) => [name, typeof value === 'string' ? value : value.name]),
    );
    if (submitter?.name) fields.set(submitter.name, submitter.value);
    setPending(true);
    try {
      const response = await fetch(form.action, { method: 'POST', body: fields, headers: { accept: 'application/json' } });
      const answer = (await response.json()) as TDecisionAnswer;
      if (answer.location) {
        window.location.assign(answer.location);
        return;
      }
      if (!answer.errors) throw new Error('unexpected answer');
      setErrors(answer.errors);
      setPending(false);
    } catch {
      // The plain post, with the pressed button's value as a field: form.submit() sends no submitter
      // and fires no submit event, so this cannot loop.
      const intent = document.createElement('input');
      intent.type = 'hidden';
      intent.name = submitter?.name || 'intent';
      intent.value = submitter?.value ?? '';
      form.append(intent);
      form.submit();
    }
  }

  const box = (name: 'transmission' | 'thirdCountryTransfer' | 'recording', label: string, hint?: string) => {
    const error = errorFor(name);
    const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="check">
        <input type="checkbox" id={name} name={name} value="yes" aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
        <div>
          {error ? (
            <span className="error-text" id={`${name}-error`}>
              {error}
            </span>
          ) : null}
          <label htmlFor={name}>{label}</label>
          {hint ? (
            <span className="hint" id={`${name}-hint`}>
              {hint}
            </span>
          ) : null}
        </div>
      </div>
    );
  };

  return (
    <form
      method="post"
      action={`/api/consultations/${consultationId}/decision`}
      onSubmit={(event) => void submit(event)}
      className="card"
      aria-labelledby="decision-heading"
    >
      <h2 id="decision-heading">{labels.heading}</h2>
      {/* The form's default button, disabled: pressing Enter in a field never decides; only a button does. */}
      <button type="submit" disabled hidden aria-hidden="true" tabIndex={-1} />
      <ErrorSummary title={labels.errorTitle} errors={errors} />
      <p>{labels.voluntary}</p>
      <input type="hidden" name="servedToken" value={servedToken} />
      <fieldset>
        <legend>{labels.transmissionLegend}</legend>
        {box('transmission', labels.transmission)}
        {thirdCountry ? box('thirdCountryTransfer', labels.thirdCountry) : null}
      </fieldset>
      <fieldset>
        <legend>{labels.recordingLegend}</legend>
        {canRecord ? box('recording', labels.recording, labels.recordingHint) : <p>{labels.recordingUnavailable}</p>}
      </fieldset>
      <p>{labels.withdrawHint}</p>
      <div className="choice-row">
        <button type="submit" name="intent" value="consent" className="button button--choice" disabled={pending}>
          {labels.consent}
        </button>
        {offerRefusal ? (
          <div>
            <button
              type="submit"
              name="intent"
              value="refuse"
              className="button button--choice"
              disabled={pending}
              aria-describedby="refuse-hint"
            >
              {labels.refuse}
            </button>
            <span className="hint" id="refuse-hint">
              {labels.refuseHint}
            </span>
            <div className="field spaced">
              <label htmlFor="phone">{labels.phoneLabel}</label>
              <span className="hint" id="phone-hint">
                {labels.phoneHint}
              </span>
              {errorFor('phone') ? (
                <span className="error-text" id="phone-error">
                  {errorFor('phone')}
                </span>
              ) : null}
              <input
                id="phone"
                name="phone"
                type="tel"
                autoComplete="tel"
                maxLength={40}
                aria-invalid={errorFor('phone') ? true : undefined}
                aria-describedby={errorFor('phone') ? 'phone-hint phone-error' : 'phone-hint'}
              />
            </div>
          </div>
        ) : null}
      </div>
    </form>
  );
}
