'use client';

import { useActionState } from 'react';
import { ErrorSummary } from '@/components/error-summary';
import { type TVerifyState, verifyReceiptAction } from './actions';

type TLabels = {
  paste: string;
  pasteHint: string;
  file: string;
  fileHint: string;
  submit: string;
  errorTitle: string;
  checksHeading: string;
  onlineHeading: string;
  summaryHeading: string;
};

/** A plain form posting to a Server Action: it works before (or without) JavaScript, the result rendered by the server. */
export function VerifyForm({ labels }: { labels: TLabels }) {
  const [state, action, pending] = useActionState<TVerifyState, FormData>(verifyReceiptAction, { errors: [], result: null, submission: 0 });
  const errorFor = (field: string) => state.errors.find((e) => e.field === field)?.message;
  const receiptError = errorFor('receipt');
  const fileError = errorFor('file');
  const result = state.result;
  return (
    <>
      {result ? (
        <section
          className={`notice ${result.ok ? 'notice--ok' : 'notice--error'}`}
          role={result.ok ? 'status' : 'alert'}
          aria-labelledby="verify-result"
          tabIndex={-1}
        >
          <h2 id="verify-result">{result.heading}</h2>
          <p>{result.detail}</p>
          <h3>{labels.checksHeading}</h3>
          <ul className="check-list">
            {result.checks.map((c) => (
              <li key={c.check} data-check={c.check} data-status={c.status}>
                <strong>
                  {c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '–'} {c.label}: {c.statusLabel}
                </strong>
                {c.reason ? <> — {c.reason}</> : null}
              </li>
            ))}
          </ul>
          {result.online ? (
            <>
              <h3>{labels.onlineHeading}</h3>
              <p>{result.online}</p>
            </>
          ) : null}
          {result.summary.length ? (
            <>
              <h3>{labels.summaryHeading}</h3>
              <dl className="facts">
                {result.summary.map((s) => (
                  <div key={s.label} className="facts-row">
                    <dt>{s.label}</dt>
                    <dd className={s.code ? 'hash' : undefined}>{s.value}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
        </section>
      ) : null}
      <form key={state.submission} action={action} noValidate className="card">
        <ErrorSummary title={labels.errorTitle} errors={state.errors} />
        <div className="field">
          <label htmlFor="receipt">{labels.paste}</label>
          <span className="hint" id="receipt-hint">
            {labels.pasteHint}
          </span>
          {receiptError ? (
            <span className="error-text" id="receipt-error">
              {receiptError}
            </span>
          ) : null}
          <textarea
            id="receipt"
            name="receipt"
            rows={10}
            spellCheck={false}
            className="hash"
            aria-invalid={receiptError ? true : undefined}
            aria-describedby={receiptError ? 'receipt-hint receipt-error' : 'receipt-hint'}
          />
        </div>
        <div className="field">
          <label htmlFor="file">{labels.file}</label>
          <span className="hint" id="file-hint">
            {labels.fileHint}
          </span>
          {fileError ? (
            <span className="error-text" id="file-error">
              {fileError}
            </span>
          ) : null}
          <input
            id="file"
            name="file"
            type="file"
            accept=".json,application/json"
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? 'file-hint file-error' : 'file-hint'}
          />
        </div>
        <button type="submit" className="button" disabled={pending}>
          {labels.submit}
        </button>
      </form>
    </>
  );
}
