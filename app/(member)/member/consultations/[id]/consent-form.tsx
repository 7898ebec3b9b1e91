'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { type TDecisionState, recordDecisionAction } from './actions';

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
  errorTitle: string;
};

type TProps = {
  consultationId: string;
  servedToken: string;
  thirdCountry: boolean;
  canRecord: boolean;
  labels: TConsentFormLabels;
};

const NOTHING_TICKED: TDecisionState = { attempt: 0, errors: [], ticked: { transmission: false, thirdCountryTransfer: false, recording: false } };

/** Every choice is a separate, unticked box; declining is a button as prominent as consenting. */
export function ConsentForm({ consultationId, servedToken, thirdCountry, canRecord, labels }: TProps) {
  const [state, action, pending] = useActionState<TDecisionState, FormData>(recordDecisionAction, NOTHING_TICKED);
  const errorFor = (field: string) => state.errors.find((e) => e.field === field)?.message;

  const box = (name: 'transmission' | 'thirdCountryTransfer' | 'recording', label: string, hint?: string) => {
    const error = errorFor(name);
    const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="check">
        <input
          type="checkbox"
          id={name}
          name={name}
          value="yes"
          defaultChecked={state.ticked[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
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
    <form action={action} className="card" aria-labelledby="decision-heading" key={state.attempt}>
      <h2 id="decision-heading">{labels.heading}</h2>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      <p>{labels.voluntary}</p>
      <input type="hidden" name="consultationId" value={consultationId} />
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
        <div>
          <button type="submit" name="intent" value="refuse" className="button button--choice" disabled={pending} aria-describedby="refuse-hint">
            {labels.refuse}
          </button>
          <span className="hint" id="refuse-hint">
            {labels.refuseHint}
          </span>
        </div>
      </div>
    </form>
  );
}
