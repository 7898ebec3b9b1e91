'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { ChoiceField, FormField } from '@/components/form-field';
import type { TServiceFormState } from './actions';

export type TServiceFormLabels = {
  key: string;
  keyHint: string;
  name: string;
  operator: string;
  processingRegion: string;
  regions: { EU_EEA: string; THIRD_COUNTRY: string };
  thirdCountries: string;
  thirdCountriesHint: string;
  endToEndEncrypted: string;
  canRecord: string;
  yes: string;
  no: string;
  joinUrlTemplate: string;
  joinUrlTemplateHint: string;
  access: string;
  accessHint: string;
  accessKinds: { LINK: string; JITSI_JWT: string; LIVEKIT: string };
  jitsiAppId: string;
  jitsiAppIdHint: string;
  submit: string;
  errorTitle: string;
};

type TProps = {
  action: (previous: TServiceFormState, formData: FormData) => Promise<TServiceFormState>;
  labels: TServiceFormLabels;
  /** A change to this service (its key stays); none proposes a new service. */
  serviceId?: string;
  /** The access kinds this server is configured for. */
  accessKinds: ('LINK' | 'JITSI_JWT' | 'LIVEKIT')[];
  initial: Record<string, string>;
};

/** A proposed new video service or change to one. Works without JavaScript. */
export function ServiceForm({ action: serverAction, labels, serviceId, accessKinds, initial }: TProps) {
  const [state, action, pending] = useActionState<TServiceFormState, FormData>(serverAction, { errors: [], values: initial });
  const v = state.values;
  const errorFor = (field: string) => state.errors.find((e) => e.field === field)?.message;
  const text = (name: string, label: string, hint?: string, maxLength = 200) => (
    <FormField name={name} label={label} hint={hint} error={errorFor(name)}>
      {(d, invalid) => (
        <input
          id={name}
          name={name}
          type="text"
          className="wide"
          maxLength={maxLength}
          defaultValue={v[name]}
          spellCheck={false}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        />
      )}
    </FormField>
  );
  const yesNo = [
    { value: 'yes', label: labels.yes },
    { value: 'no', label: labels.no },
  ];
  return (
    <form action={action} noValidate className="card">
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      {serviceId ? <input type="hidden" name="serviceId" value={serviceId} /> : null}
      {serviceId ? <input type="hidden" name="key" value={v.key} /> : text('key', labels.key, labels.keyHint, 40)}
      {text('name', labels.name, undefined, 80)}
      {text('operator', labels.operator)}
      <ChoiceField
        name="processingRegion"
        legend={labels.processingRegion}
        error={errorFor('processingRegion')}
        value={v.processingRegion}
        options={[
          { value: 'EU_EEA', label: labels.regions.EU_EEA },
          { value: 'THIRD_COUNTRY', label: labels.regions.THIRD_COUNTRY },
        ]}
      />
      {text('thirdCountries', labels.thirdCountries, labels.thirdCountriesHint, 400)}
      <ChoiceField
        name="endToEndEncrypted"
        legend={labels.endToEndEncrypted}
        error={errorFor('endToEndEncrypted')}
        value={v.endToEndEncrypted}
        options={yesNo}
      />
      <ChoiceField name="canRecord" legend={labels.canRecord} error={errorFor('canRecord')} value={v.canRecord} options={yesNo} />
      {text('joinUrlTemplate', labels.joinUrlTemplate, labels.joinUrlTemplateHint, 500)}
      <ChoiceField
        name="access"
        legend={labels.access}
        hint={labels.accessHint}
        error={errorFor('access')}
        value={v.access}
        options={accessKinds.map((kind) => ({ value: kind, label: labels.accessKinds[kind] }))}
      />
      {text('jitsiAppId', labels.jitsiAppId, labels.jitsiAppIdHint, 64)}
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
