'use client';

import { useEffect, useRef } from 'react';

export type TFieldError = { field: string; message: string };

/**
 * The list of problems at the top of a form, each linked to its field (WCAG 3.3.1). With JavaScript
 * it takes focus so screen-reader users hear it at once; without, it is the first thing on the page.
 */
export function ErrorSummary({ title, errors }: { title: string; errors: TFieldError[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [errors]);
  if (!errors.length) return null;
  return (
    <div ref={ref} className="notice notice--error" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field + e.message}>{e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}
