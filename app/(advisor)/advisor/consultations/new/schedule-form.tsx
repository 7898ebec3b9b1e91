'use client';

import { type ReactNode, useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import type { TScheduleState } from './actions';

export type TScheduleLabels = {
  member: string;
  memberHint: string;
  topic: string;
  topicHint: string;
  date: string;
  time: string;
  duration: string;
  service: string;
  submit: string;
  errorTitle: string;
};

type TProps = {
  /** The Server Action: schedules, or (with `consultationId`) reschedules. */
  action: (previous: TScheduleState, formData: FormData) => Promise<TScheduleState>;
  labels: TScheduleLabels;
  durations: { value: string; label: string }[];
  services: { id: string; name: string }[];
  today: string;
  /** Rescheduling: the consultation, and its details as they are now; no member field. */
  consultationId?: string;
  initial?: Record<string, string>;
};

/**
 * The consultation's details, to schedule a new one or change one. Works without JavaScript: the
 * server answers with the errors and the values as they were typed.
 */
export function ScheduleForm({ action: serverAction, labels, durations, services, today, consultationId, initial = {} }: TProps) {
  const [state, action, pending] = useActionState<TScheduleState, FormData>(serverAction, { errors: [], values: initial });
  const errorFor = (field: string) => state.errors.find((e) => e.field === field)?.message;

  const field = (name: string, label: string, input: (describedBy: string | undefined, invalid: boolean) => ReactNode, hint?: string) => {
    const error = errorFor(name);
    const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <label htmlFor={name}>{label}</label>
        {hint ? (
          <span className="hint" id={`${name}-hint`}>
            {hint}
          </span>
        ) : null}
        {error ? (
          <span className="error-text" id={`${name}-error`}>
            {error}
          </span>
        ) : null}
        {input(describedBy, Boolean(error))}
      </div>
    );
  };

  return (
    <form action={action} noValidate className={consultationId ? undefined : 'card'}>
      <ErrorSummary title={labels.errorTitle} errors={state.errors} />
      {consultationId ? (
        <input type="hidden" name="consultationId" value={consultationId} />
      ) : (
        field(
          'member',
          labels.member,
          (d, invalid) => (
            <input
              id="member"
              name="member"
              type="text"
              required
              maxLength={40}
              autoComplete="off"
              spellCheck={false}
              defaultValue={state.values.member}
              aria-describedby={d}
              aria-invalid={invalid || undefined}
            />
          ),
          labels.memberHint,
        )
      )}
      {field(
        'topic',
        labels.topic,
        (d, invalid) => (
          <input
            id="topic"
            name="topic"
            type="text"
            required
            maxLength={120}
            defaultValue={state.values.topic}
            aria-describedby={d}
            aria-invalid={invalid || undefined}
          />
        ),
        labels.topicHint,
      )}
      {field('date', labels.date, (d, invalid) => (
        <input
          id="date"
          name="date"
          type="date"
          required
          min={today}
          defaultValue={state.values.date}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        />
      ))}
      {field('time', labels.time, (d) => (
        // A wrong time is named at the date field (one message for the moment); the time field is marked too.
        <input
          id="time"
          name="time"
          type="time"
          required
          step={300}
          defaultValue={state.values.time}
          aria-describedby={[d, errorFor('date') ? 'date-error' : null].filter(Boolean).join(' ') || undefined}
          aria-invalid={errorFor('date') ? true : undefined}
        />
      ))}
      {field('durationMinutes', labels.duration, (d, invalid) => (
        <select
          id="durationMinutes"
          name="durationMinutes"
          defaultValue={state.values.durationMinutes ?? '30'}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        >
          {durations.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ))}
      {field('videoServiceId', labels.service, (d, invalid) => (
        <select
          id="videoServiceId"
          name="videoServiceId"
          defaultValue={state.values.videoServiceId ?? services[0]?.id}
          aria-describedby={d}
          aria-invalid={invalid || undefined}
        >
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      ))}
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
