import type { ReactNode } from 'react';

type TFieldProps = {
  /** The input's id and name; the error summary links here. */
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** The input, given what it must be described by and whether it is invalid. */
  children: (describedBy: string | undefined, invalid: boolean) => ReactNode;
};

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
}

/** A field's hint and error, with the ids `describedBy` names. */
function FieldMessages({ name, hint, error }: { name: string; hint?: string; error?: string }) {
  return (
    <>
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
    </>
  );
}

/** A labelled input with its hint and error, wired for screen readers (WCAG 1.3.1, 3.3.1). */
export function FormField({ name, label, hint, error, children }: TFieldProps) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <FieldMessages name={name} hint={hint} error={error} />
      {children(describedBy(name, hint, error), Boolean(error))}
    </div>
  );
}

/**
 * Radio buttons as a group with a legend. The first option carries the group's name as its id, so the
 * error summary's link lands on it.
 */
export function ChoiceField({
  name,
  legend,
  hint,
  error,
  options,
  value,
}: {
  name: string;
  legend: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  value: string | undefined;
}) {
  return (
    <fieldset aria-describedby={describedBy(name, hint, error)}>
      <legend>{legend}</legend>
      <FieldMessages name={name} hint={hint} error={error} />
      {options.map((option, i) => {
        const id = i === 0 ? name : `${name}-${option.value}`;
        return (
          <div className="check" key={option.value}>
            {/* eslint-disable-next-line jsx-a11y/role-supports-aria-props -- ARIA 1.2 wants it on a radiogroup, but the fieldset keeps role group (named by its legend, found so by e2e); screen readers announce it on the focused radio */}
            <input
              type="radio"
              id={id}
              name={name}
              value={option.value}
              defaultChecked={value === option.value}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={id}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
