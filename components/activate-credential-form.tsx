'use client';

import { useActionState } from 'react';
import { ShownOnceNotice } from '@/components/shown-once-notice';

/** What a two-person credential's activation answers (docs/decisions/0042, 0057): its token's second part, once, or why not. */
export type TActivateCredentialState<TRefusal extends string> = { secondPart: string | null; error: TRefusal | null };

type TLabels<TRefusal extends string> = { submit: string; cancel: string; activated: string; activatedHint: string } & Record<
  TRefusal,
  string
>;

/**
 * The second person's step for a credential made by two (print system, auditors): activates it; the second
 * part of its token is shown once, in the answer (with or without JavaScript). A refusal is shown instead
 * of the button: one's own credential is a mistake to point out, any other the state of things.
 */
export function ActivateCredentialForm<TRefusal extends string>({
  credentialId,
  status,
  action,
  listHref,
  testId,
  labels,
}: {
  credentialId: string;
  status: 'waiting' | TRefusal;
  action: (previous: TActivateCredentialState<TRefusal>, form: FormData) => Promise<TActivateCredentialState<TRefusal>>;
  listHref: string;
  testId: string;
  labels: TLabels<TRefusal>;
}) {
  const [state, formAction, pending] = useActionState(action, { secondPart: null, error: null });
  if (state.secondPart) {
    return (
      <ShownOnceNotice
        intro={<p>{labels.activated}</p>}
        secret={state.secondPart}
        testId={testId}
        hint={labels.activatedHint}
        back={{ href: listHref, label: labels.cancel }}
      />
    );
  }
  const refusal = state.error ?? (status === 'waiting' ? null : status);
  if (refusal) {
    const own = refusal === 'own';
    return (
      <>
        <div className={own ? 'notice notice--error' : 'notice'} role={own ? 'alert' : 'status'}>
          <p>{labels[refusal]}</p>
        </div>
        <p>
          <a href={listHref}>{labels.cancel}</a>
        </p>
      </>
    );
  }
  return (
    <form action={formAction} className="button-row">
      <input type="hidden" name="credentialId" value={credentialId} />
      <button type="submit" className="button" disabled={pending}>
        {labels.submit}
      </button>
      <a className="button button--secondary" href={listHref}>
        {labels.cancel}
      </a>
    </form>
  );
}
